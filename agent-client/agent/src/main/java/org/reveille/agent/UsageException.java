package org.reveille.agent;

/** A command line the agent cannot run: the message says what is wrong; exit code 2. */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
