package org.reveille.protocol;

import java.security.PublicKey;

/**
 * The public keys a receiver trusts for identity-signed frames (docs/protocol.md, "Version 2"): the server asks its
 * agent identities (refusing unknown and revoked ones), an agent knows the server's key(s).
 */
@FunctionalInterface
public interface IdentityKeys {

    /**
     * The key of {@code signer}; a ProtocolException with {@link ErrorCode#IDENTITY_REFUSED} (and the reason, which
     * the receiver logs) when the signer is unknown or no longer trusted.
     */
    PublicKey publicKey(long signer) throws ProtocolException;
}
