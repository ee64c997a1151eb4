package org.reveille.protocol;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * A server key's endorsement of its successor, for a rotation without stopping the fleet (docs/protocol.md,
 * "Version 2"): the old key signs the new key's id, public key and the end of the overlap. While the overlap runs the
 * server's frames signed with the new key carry it (flag bit 2), and an agent that knows only the old key learns the
 * new one from the first such frame.
 *
 * <pre>
 * wire (between the payload and the identity trailer), 124 bytes:
 *   oldKeyId u64, newPublicKey 44 bytes (X.509), validUntil i64 (epoch ms), signature 64 bytes
 * signed by the old key: "RV-ENDORSE" (ASCII), newKeyId u64, newPublicKey, validUntil
 * </pre>
 */
public record Endorsement(long oldKeyId, long newKeyId, byte[] newPublicKey, long validUntilMillis, byte[] signature) {

    public static final int LENGTH = 8 + Ed25519.PUBLIC_KEY_LENGTH + 8 + Ed25519.SIGNATURE_LENGTH;
    private static final byte[] CONTEXT = "RV-ENDORSE".getBytes(StandardCharsets.US_ASCII);

    public Endorsement {
        if (oldKeyId == 0 || newKeyId == 0 || oldKeyId == newKeyId) {
            throw new IllegalArgumentException("an endorsement names two different key ids, neither 0");
        }
        if (newPublicKey == null || newPublicKey.length != Ed25519.PUBLIC_KEY_LENGTH
                || signature == null || signature.length != Ed25519.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("an endorsement holds a 44-byte public key and a 64-byte signature");
        }
        newPublicKey = newPublicKey.clone();
        signature = signature.clone();
    }

    /** The old key ({@code oldKeyId}, {@code oldKey}) endorses {@code newKey} as {@code newKeyId} until {@code validUntilMillis}. */
    public static Endorsement create(long oldKeyId, PrivateKey oldKey, long newKeyId, PublicKey newKey, long validUntilMillis) {
        byte[] encoded = newKey.getEncoded();
        byte[] signed = signedBytes(newKeyId, encoded, validUntilMillis);
        return new Endorsement(oldKeyId, newKeyId, encoded, validUntilMillis, Ed25519.sign(oldKey, signed, 0, signed.length));
    }

    /** Whether {@code oldKey} (the key of {@link #oldKeyId}) made this endorsement. */
    public boolean madeBy(PublicKey oldKey) {
        byte[] signed = signedBytes(newKeyId, newPublicKey, validUntilMillis);
        byte[] data = Arrays.copyOf(signed, signed.length + Ed25519.SIGNATURE_LENGTH);
        System.arraycopy(signature, 0, data, signed.length, Ed25519.SIGNATURE_LENGTH);
        return Ed25519.verify(oldKey, data, 0, signed.length, signed.length);
    }

    public PublicKey publicKey() {
        return Ed25519.publicKey(newPublicKey);
    }

    @Override
    public byte[] newPublicKey() {
        return newPublicKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    void write(byte[] frame, int at) {
        for (int i = 0; i < 8; i++) {
            frame[at + i] = (byte) (oldKeyId >>> (56 - 8 * i));
        }
        System.arraycopy(newPublicKey, 0, frame, at + 8, Ed25519.PUBLIC_KEY_LENGTH);
        for (int i = 0; i < 8; i++) {
            frame[at + 8 + Ed25519.PUBLIC_KEY_LENGTH + i] = (byte) (validUntilMillis >>> (56 - 8 * i));
        }
        System.arraycopy(signature, 0, frame, at + 16 + Ed25519.PUBLIC_KEY_LENGTH, Ed25519.SIGNATURE_LENGTH);
    }

    static Endorsement read(byte[] frame, int at, long newKeyId) throws ProtocolException {
        long oldKeyId = readLong(frame, at);
        byte[] key = Arrays.copyOfRange(frame, at + 8, at + 8 + Ed25519.PUBLIC_KEY_LENGTH);
        long validUntil = readLong(frame, at + 8 + Ed25519.PUBLIC_KEY_LENGTH);
        byte[] signature = Arrays.copyOfRange(frame, at + 16 + Ed25519.PUBLIC_KEY_LENGTH, at + LENGTH);
        try {
            return new Endorsement(oldKeyId, newKeyId, key, validUntil, signature);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "endorsement: " + e.getMessage());
        }
    }

    private static byte[] signedBytes(long newKeyId, byte[] newPublicKey, long validUntil) {
        byte[] data = new byte[CONTEXT.length + 8 + newPublicKey.length + 8];
        System.arraycopy(CONTEXT, 0, data, 0, CONTEXT.length);
        for (int i = 0; i < 8; i++) {
            data[CONTEXT.length + i] = (byte) (newKeyId >>> (56 - 8 * i));
            data[CONTEXT.length + 8 + newPublicKey.length + i] = (byte) (validUntil >>> (56 - 8 * i));
        }
        System.arraycopy(newPublicKey, 0, data, CONTEXT.length + 8, newPublicKey.length);
        return data;
    }

    private static long readLong(byte[] b, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | b[at + i] & 0xFF;
        }
        return value;
    }

    @Override
    public String toString() {
        return "Endorsement[key " + oldKeyId + " endorses key " + newKeyId + " until " + java.time.Instant.ofEpochMilli(validUntilMillis) + "]";
    }
}
