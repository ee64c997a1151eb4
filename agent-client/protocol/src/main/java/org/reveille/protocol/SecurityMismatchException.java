package org.reveille.protocol;

/** The exchange failed because the two sides disagree on security; the log line has already been written. */
public final class SecurityMismatchException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    private final SecurityMismatch mismatch;

    public SecurityMismatchException(SecurityMismatch mismatch, String peer) {
        super(mismatch == SecurityMismatch.THIS_SIDE_REQUIRES_TLS || mismatch == SecurityMismatch.PEER_REQUIRES_TLS
                ? ErrorCode.TLS_REQUIRED
                : mismatch == SecurityMismatch.THIS_SIDE_REQUIRES_SIGNATURES ? ErrorCode.SECURITY_REQUIRED
                : ErrorCode.SECURITY_NOT_CONFIGURED, mismatch.logLine(peer));
        this.mismatch = mismatch;
    }

    public SecurityMismatch mismatch() {
        return mismatch;
    }
}
