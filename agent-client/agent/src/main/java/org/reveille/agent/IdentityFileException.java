package org.reveille.agent;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The agent's identity file exists but cannot be used (unreadable, not what the agent wrote): the agent does not
 * start, and does not enroll again on its own, since the server still holds that identity (docs/protocol.md, "The
 * agent program"). Exit code 3.
 */
public final class IdentityFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    IdentityFileException(Path file, String problem, Throwable cause) {
        super("identity file " + file + " is unusable: " + problem + ". It was left as it is: restore it, or have an"
                + " administrator revoke this agent's identity, delete the file and enroll again with a new token", cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
