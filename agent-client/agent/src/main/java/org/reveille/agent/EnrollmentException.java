package org.reveille.agent;

import java.io.IOException;

/**
 * Enrollment did not give the agent an identity (docs/protocol.md, "The agent program"): either a server refused it
 * with an ERROR, which is final (another server of the cluster would say the same; the administrator needs to look at
 * the token), or no server answered, which {@link AgentMain} retries (a PC may boot before its network is up).
 */
public final class EnrollmentException extends IOException {

    private static final long serialVersionUID = 1L;

    private final boolean refused;

    private EnrollmentException(String message, boolean refused, Throwable cause) {
        super(message, cause);
        this.refused = refused;
    }

    /** {@code server} (host:port) answered the ENROLL with an ERROR whose text is {@code reason}. */
    static EnrollmentException refused(String server, String reason) {
        return new EnrollmentException("Enrollment refused by " + server + ": " + reason, true, null);
    }

    /** No server answered the ENROLL (or not with anything this agent could check); {@code last} says what happened last. */
    static EnrollmentException unanswered(IOException last) {
        return new EnrollmentException("Enrollment failed, no server answered it (" + last.getMessage() + ")", false, last);
    }

    /** True when a server refused (final); false when no server answered (worth trying again later). */
    public boolean refused() {
        return refused;
    }
}
