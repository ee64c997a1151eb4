package org.reveille.protocol;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * The Ed25519 keys and signatures of agent identities (docs/protocol.md, "Version 2"), JDK only: public keys travel
 * and are stored in their X.509 encoding (44 bytes), private keys in PKCS#8; signatures are 64 bytes.
 */
public final class Ed25519 {

    public static final String ALGORITHM = "Ed25519";
    public static final int SIGNATURE_LENGTH = 64;
    /** The X.509 SubjectPublicKeyInfo encoding of an Ed25519 key: a 12-byte prefix and the 32-byte key. */
    public static final int PUBLIC_KEY_LENGTH = 44;

    private Ed25519() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    /** A public key from its X.509 encoding; IllegalArgumentException when it is not an Ed25519 key. */
    public static PublicKey publicKey(byte[] x509) {
        if (x509 == null || x509.length != PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is " + PUBLIC_KEY_LENGTH + " bytes (X.509), not "
                    + (x509 == null ? "absent" : x509.length));
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A private key from its PKCS#8 encoding. */
    public static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signature of {@code data[offset, offset + length)}. */
    public static byte[] sign(PrivateKey key, byte[] data, int offset, int length) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(data, offset, length);
            return signature.sign();
        } catch (InvalidKeyException | SignatureException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code signature} (at {@code data[sigOffset]}, 64 bytes) is {@code key}'s over {@code data[offset, offset + length)}. */
    public static boolean verify(PublicKey key, byte[] data, int offset, int length, int sigOffset) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(data, offset, length);
            return signature.verify(data, sigOffset, SIGNATURE_LENGTH);
        } catch (InvalidKeyException | SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
