package org.reveille.protocol;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * Who this side signs as, in version 2 (docs/protocol.md, "Version 2"): an agent's identity id, or the server's key
 * id, with its Ed25519 private key; a new server key during a rotation's overlap also carries the old key's
 * {@link Endorsement}, which goes with every frame it signs.
 */
public record SigningIdentity(long signer, PrivateKey key, Endorsement endorsement) {

    /** An identity whose frames carry no endorsement. */
    public SigningIdentity(long signer, PrivateKey key) {
        this(signer, key, null);
    }

    public SigningIdentity {
        if (signer == 0) {
            throw new IllegalArgumentException("signer 0 means \"none\" on the wire");
        }
        Objects.requireNonNull(key, "key");
        if (!Ed25519.ALGORITHM.equalsIgnoreCase(key.getAlgorithm()) && !"EdDSA".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException("an Ed25519 key, not " + key.getAlgorithm());
        }
        if (endorsement != null && endorsement.newKeyId() != signer) {
            throw new IllegalArgumentException("the endorsement is of key " + endorsement.newKeyId() + ", not of " + signer);
        }
    }
}
