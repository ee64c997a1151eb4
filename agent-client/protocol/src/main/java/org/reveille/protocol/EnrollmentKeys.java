package org.reveille.protocol;

/**
 * The server's side of enrollment (docs/protocol.md, "Version 2"): the HMAC key of an enrollment token,
 * SHA-256 of its secret, by the token's id; a ProtocolException with {@link ErrorCode#ENROLLMENT_REFUSED} and the
 * reason when the token is unknown, expired, used up or revoked.
 */
@FunctionalInterface
public interface EnrollmentKeys {

    byte[] hmacKey(String tokenId) throws ProtocolException;
}
