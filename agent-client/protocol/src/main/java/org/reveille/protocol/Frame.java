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
 */
public record Frame(int version, long timestampMillis, long nonce, boolean signed, Message message, long signer) {

    /** A frame not signed with an identity. */
    public Frame(int version, long timestampMillis, long nonce, boolean signed, Message message) {
        this(version, timestampMillis, nonce, signed, message, 0);
    }
}
