package org.reveille.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Frame authentication for one side: either plain (no key: frames are neither signed nor accepted signed), or
 * secure (a shared key: every frame is signed with HMAC-SHA256 and every received frame must be signed, fresh
 * and not replayed). Thread-safe; one instance per listener or client, shared by its connections.
 */
public final class SecurityContext {

    public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofSeconds(60);
    public static final int DEFAULT_NONCE_CAPACITY = 65_536;
    public static final int MIN_KEY_BYTES = 16;
    static final int MAC_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;
    private final long windowMillis;
    private final NonceCache nonces;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Mac> macs;

    private SecurityContext(byte[] key, Clock clock, Duration window, int nonceCapacity) {
        this.key = key == null ? null : new SecretKeySpec(key, ALGORITHM);
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.nonces = new NonceCache(nonceCapacity, windowMillis);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** No authentication: for sites that have not set a key. Mismatches with secure peers are reported. */
    public static SecurityContext plain() {
        return new SecurityContext(null, Clock.systemUTC(), DEFAULT_REPLAY_WINDOW, 1);
    }

    public static SecurityContext withKey(byte[] key) {
        return withKey(key, Clock.systemUTC(), DEFAULT_REPLAY_WINDOW, DEFAULT_NONCE_CAPACITY);
    }

    /** For tests and tuning: a chosen clock, replay window and nonce memory. */
    public static SecurityContext withKey(byte[] key, Clock clock, Duration replayWindow, int nonceCapacity) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a shared key needs at least " + MIN_KEY_BYTES + " bytes");
        }
        return new SecurityContext(key.clone(), clock, replayWindow, nonceCapacity);
    }

    /**
     * Reads the shared key from a file: its first line, as UTF-8, at least 16 bytes (e.g. the output of
     * {@code head -c 32 /dev/urandom | base64}). Server and agents use the same file content.
     */
    public static SecurityContext fromKeyFile(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        int newline = content.indexOf('\n');
        String line = (newline < 0 ? content : content.substring(0, newline)).strip();
        byte[] key = line.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_KEY_BYTES) {
            throw new IOException("key file " + file + " holds " + key.length + " bytes on its first line; at least "
                    + MIN_KEY_BYTES + " are needed");
        }
        return withKey(key);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** True when this side signs its frames and requires signed frames. */
    public boolean isSecure() {
        return key != null;
    }

    long now() {
        return clock.millis();
    }

    long nextNonce() {
        return random.nextLong();
    }

    /** Writes the HMAC of {@code frame[0, length)} at {@code frame[length]}. */
    void sign(byte[] frame, int length) {
        Mac mac = macs.get();
        mac.update(frame, 0, length);
        try {
            mac.doFinal(frame, length);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks a received frame's security against this side's configuration. {@code signedLength} bytes of
     * {@code frame} from {@code offset} are covered by the HMAC that follows them when {@code signed}.
     */
    void verify(byte[] frame, int offset, int signedLength, boolean signed, MessageType type, long timestamp,
            long nonce) throws ProtocolException {
        if (key == null) {
            if (signed) {
                throw new ProtocolException(ErrorCode.SECURITY_NOT_CONFIGURED,
                        "the peer signs its frames (it requires security) but this side has no shared key");
            }
            return;
        }
        if (!signed) {
            // An unsigned ERROR is how a plain peer says it cannot check our frames; it executes nothing.
            if (type == MessageType.ERROR) {
                return;
            }
            throw new ProtocolException(ErrorCode.SECURITY_REQUIRED,
                    "the peer sent an unsigned frame but this side requires authenticated frames");
        }
        Mac mac = macs.get();
        mac.update(frame, offset, signedLength);
        byte[] expected = mac.doFinal();
        byte[] actual = Arrays.copyOfRange(frame, offset + signedLength, offset + signedLength + MAC_LENGTH);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "HMAC does not match (wrong key or modified frame)");
        }
        long now = now();
        if (Math.abs(now - timestamp) > windowMillis) {
            throw new ProtocolException(ErrorCode.STALE_TIMESTAMP, "timestamp is " + (now - timestamp)
                    + " ms away from this side's clock; the replay window is " + windowMillis + " ms");
        }
        nonces.record(nonce, timestamp, now);
    }

    int rememberedNonces() {
        return nonces.size();
    }
}
