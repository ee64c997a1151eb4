package org.reveille.protocol;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * Who this side signs as, in version 2 (docs/protocol.md, "Version 2"): an agent's identity id, or the server's key
 * id, with its Ed25519 private key.
 */
public record SigningIdentity(long signer, PrivateKey key) {

    public SigningIdentity {
        if (signer == 0) {
            throw new IllegalArgumentException("signer 0 means \"none\" on the wire");
        }
        Objects.requireNonNull(key, "key");
        if (!Ed25519.ALGORITHM.equalsIgnoreCase(key.getAlgorithm()) && !"EdDSA".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException("an Ed25519 key, not " + key.getAlgorithm());
        }
    }
}
