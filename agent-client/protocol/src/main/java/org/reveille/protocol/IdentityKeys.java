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

    /**
     * A frame signed by {@code signer}, whose key a known key endorsed ({@link Endorsement}), verified: an agent
     * adds the key to the server keys it trusts (and keeps it), so that it accepts the new key's frames once the
     * endorsement stops coming. Called after the whole frame was verified. Does nothing by default.
     */
    default void endorsed(Endorsement endorsement) {
    }
}
