package org.reveille.protocol;

/**
 * The ways two sides can disagree on security. Each side logs exactly one line, worded from its own point of
 * view; every line starts with "Security mismatch with" so administrators can grep for it (docs/protocol.md).
 */
public enum SecurityMismatch {
    THIS_SIDE_REQUIRES_SIGNATURES("this side requires authenticated frames but the peer has no shared key"),
    PEER_REQUIRES_SIGNATURES("the peer requires authenticated frames but this side has no shared key"),
    THIS_SIDE_REQUIRES_TLS("this side requires TLS but the peer does not use it"),
    PEER_REQUIRES_TLS("the peer requires TLS but this side does not use it");

    private final String explanation;

    SecurityMismatch(String explanation) {
        this.explanation = explanation;
    }

    /** The line's text between the peer and "; nothing executed". */
    public String explanation() {
        return explanation;
    }

    public String logLine(String peer) {
        return "Security mismatch with " + peer + ": " + explanation + "; nothing executed";
    }

    /** The mismatch a decoder detected in a frame that arrived here, or null for other errors. */
    static SecurityMismatch detectedHere(ErrorCode code) {
        switch (code) {
            case SECURITY_REQUIRED:
                return THIS_SIDE_REQUIRES_SIGNATURES;
            case SECURITY_NOT_CONFIGURED:
                return PEER_REQUIRES_SIGNATURES;
            case TLS_REQUIRED:
                return THIS_SIDE_REQUIRES_TLS;
            default:
                return null;
        }
    }

    /** The mismatch the peer reported in an ERROR reply, seen from this side, or null for other errors. */
    static SecurityMismatch reportedByPeer(ErrorCode code) {
        switch (code) {
            case SECURITY_REQUIRED:
                return PEER_REQUIRES_SIGNATURES;
            case SECURITY_NOT_CONFIGURED:
                return THIS_SIDE_REQUIRES_SIGNATURES;
            case TLS_REQUIRED:
                return PEER_REQUIRES_TLS;
            default:
                return null;
        }
    }
}
