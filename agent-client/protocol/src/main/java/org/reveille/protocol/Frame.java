package org.reveille.protocol;

/**
 * A decoded frame: the message and the header facts a receiver may want to log or check.
 *
 * @param version the protocol version the sender used
 * @param timestampMillis the sender's clock when it encoded the frame (epoch milliseconds)
 * @param nonce the sender's random 64-bit nonce
 * @param signed whether the frame carried an HMAC (verified, or the decoder would have refused it)
 */
public record Frame(int version, long timestampMillis, long nonce, boolean signed, Message message) {
}
