package org.reveille.protocol;

/**
 * A decoded frame: the message and the header facts a receiver may want to log or check.
 *
 * @param version the protocol version the sender used
 * @param timestampMillis the sender's clock when it encoded the frame (epoch milliseconds)
 * @param nonce the sender's random 64-bit nonce
 * @param signed whether the frame was signed, with the shared key's HMAC or an identity (verified, or the decoder
 *               would have refused it)
 * @param signer version 2: the identity that signed it (an agent's identity id, or the server's key id), verified;
 *               0 when the frame was not identity-signed
 * @param enrollmentKey version 2, an ENROLL: the HMAC key of the token it was signed with (SHA-256 of the token's
 *               secret), with which {@link FrameCodec#encodeReply} authenticates the answer; null for other frames
 */
public record Frame(int version, long timestampMillis, long nonce, boolean signed, Message message, long signer,
        byte[] enrollmentKey) {

    /** A frame not signed with an identity. */
    public Frame(int version, long timestampMillis, long nonce, boolean signed, Message message) {
        this(version, timestampMillis, nonce, signed, message, 0, null);
    }

    /** A frame that is not an ENROLL. */
    public Frame(int version, long timestampMillis, long nonce, boolean signed, Message message, long signer) {
        this(version, timestampMillis, nonce, signed, message, signer, null);
    }
}
