package org.reveille.protocol;

/**
 * Why a frame or a command was refused. The numeric code travels in ERROR frames and never changes meaning;
 * docs/protocol.md lists them.
 */
public enum ErrorCode {
    /** The frame ended before its header or its declared length. */
    TRUNCATED(1),
    /** The declared frame length is over {@link FrameCodec#MAX_FRAME_SIZE}. */
    OVERSIZED(2),
    /** The frame does not start with the protocol magic "RV". */
    BAD_MAGIC(3),
    /** The frame's protocol version is not one this side speaks. */
    UNSUPPORTED_VERSION(4),
    /** The message type is not defined in the frame's version. */
    UNKNOWN_TYPE(5),
    /** The header or payload breaks the layout (reserved bits, bad field, trailing bytes, bad UTF-8...). */
    MALFORMED(6),
    /** The HMAC does not match: wrong key or modified frame. */
    BAD_SIGNATURE(7),
    /** The timestamp is outside the replay window. */
    STALE_TIMESTAMP(8),
    /** The nonce was seen before within the replay window: a captured frame sent again. */
    REPLAYED(9),
    /** This side requires authenticated frames and the peer sent an unsigned one. */
    SECURITY_REQUIRED(10),
    /** The peer signed its frame but this side has no shared key. */
    SECURITY_NOT_CONFIGURED(11),
    /** This side requires TLS and the peer connected in plain TCP. */
    TLS_REQUIRED(12),
    /** An ENROLL was refused: unknown, expired, used-up or revoked token, or a MAC enrolled already (version 2). */
    ENROLLMENT_REFUSED(13),
    /** An identity-signed frame from a signer this side does not know or no longer trusts (version 2). */
    IDENTITY_REFUSED(14),
    /** A well-formed message that this side does not accept here (wrong direction or state). */
    UNEXPECTED_MESSAGE(20),
    /** This side cannot take the command now (too many connections, shutting down). */
    BUSY(21),
    /** This side failed while executing the command. */
    INTERNAL(22);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** True for the codes that mean the two sides disagree on security, not that a frame is bad. */
    public boolean isSecurityMismatch() {
        return this == SECURITY_REQUIRED || this == SECURITY_NOT_CONFIGURED || this == TLS_REQUIRED;
    }

    /** The code for a number; unknown numbers (from a newer peer) read as {@link #INTERNAL}. */
    public static ErrorCode fromCode(int code) {
        for (ErrorCode value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        return INTERNAL;
    }
}
