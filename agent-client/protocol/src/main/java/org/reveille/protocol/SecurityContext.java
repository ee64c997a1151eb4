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
 * and not replayed). Version 2 adds identities ({@link #withIdentity}): this side signs with its own Ed25519 key
 * and accepts the frames of the signers it knows, and the server takes ENROLL frames signed with a token's key
 * ({@link #acceptingEnrollment}); docs/protocol.md, "Version 2". Thread-safe; one instance per listener or client,
 * shared by its connections.
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
    /** Version 2: who this side signs as (null: it signs with the shared key, or not at all). */
    private final java.util.function.Supplier<SigningIdentity> self;
    /** Version 2: whose identity-signed frames this side accepts (null: none). */
    private final IdentityKeys peers;
    /** Version 2: the tokens an ENROLL may be signed with (the server; null: ENROLL is refused). */
    private final EnrollmentKeys enrollments;

    private SecurityContext(byte[] key, Clock clock, Duration window, int nonceCapacity) {
        this.key = key == null ? null : new SecretKeySpec(key, ALGORITHM);
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.nonces = new NonceCache(nonceCapacity, windowMillis);
        this.macs = ThreadLocal.withInitial(this::newMac);
        this.self = null;
        this.peers = null;
        this.enrollments = null;
    }

    /** A copy of {@code base} with the identity parts given; it shares the base's clock, window and nonce memory. */
    private SecurityContext(SecurityContext base, java.util.function.Supplier<SigningIdentity> self, IdentityKeys peers,
            EnrollmentKeys enrollments) {
        this.key = base.key;
        this.clock = base.clock;
        this.windowMillis = base.windowMillis;
        this.nonces = base.nonces;
        this.macs = ThreadLocal.withInitial(this::newMac);
        this.self = self;
        this.peers = peers;
        this.enrollments = enrollments;
    }

    /**
     * Version 2 (docs/protocol.md): this side signs its frames as {@code self} (null: as before, with the shared key
     * or not at all) and accepts identity-signed frames of the signers {@code peers} knows (null: none). Frames signed
     * with the shared key are still accepted when this context has one (an estate moving from the shared key to
     * enrollment), and unsigned ones still refused.
     */
    public SecurityContext withIdentity(SigningIdentity self, IdentityKeys peers) {
        return new SecurityContext(this, self == null ? null : () -> self, peers, enrollments);
    }

    /**
     * As {@link #withIdentity(SigningIdentity, IdentityKeys)}, with the identity asked for each frame: the server,
     * whose signing key changes when an admin rotates it, while its listener and held connections stay.
     */
    public SecurityContext withChangingIdentity(java.util.function.Supplier<SigningIdentity> self, IdentityKeys peers) {
        return new SecurityContext(this, self, peers, enrollments);
    }

    /** Version 2, the server: accepts ENROLL frames signed with the key of a token {@code enrollments} knows. */
    public SecurityContext acceptingEnrollment(EnrollmentKeys enrollments) {
        return new SecurityContext(this, self, peers, enrollments);
    }

    /** Whether this side signs its frames with an identity (version 2). */
    public boolean signsWithIdentity() {
        return self != null;
    }

    SigningIdentity self() {
        return self == null ? null : self.get();
    }

    /**
     * Version 2, no shared key: only identity-signed frames (and, with {@link #acceptingEnrollment}, ENROLL) are
     * accepted once {@link #withIdentity} has named the signers; a shared-key frame is refused as
     * SECURITY_NOT_CONFIGURED. An enrolled agent, and a server that no longer takes the shared key.
     */
    public static SecurityContext forIdentities() {
        return new SecurityContext(null, Clock.systemUTC(), DEFAULT_REPLAY_WINDOW, DEFAULT_NONCE_CAPACITY);
    }

    /** For tests: {@link #forIdentities()} with a chosen clock, replay window and nonce memory. */
    public static SecurityContext forIdentities(Clock clock, Duration replayWindow, int nonceCapacity) {
        return new SecurityContext(null, clock, replayWindow, nonceCapacity);
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
        if (key == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** True when this side signs its frames and requires signed frames (with the shared key or an identity). */
    public boolean isSecure() {
        return key != null || self != null || peers != null;
    }

    long now() {
        return clock.millis();
    }

    long nextNonce() {
        return random.nextLong();
    }

    boolean hasSharedKey() {
        return key != null;
    }

    SecretKeySpec sharedKey() {
        return key;
    }

    static SecretKeySpec hmacKey(byte[] bytes) {
        return new SecretKeySpec(bytes, ALGORITHM);
    }

    /** Writes the HMAC with this side's shared key of {@code frame[0, length)} at {@code frame[length]}. */
    void sign(byte[] frame, int length) {
        Mac mac = macs.get();
        mac.update(frame, 0, length);
        try {
            mac.doFinal(frame, length);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the HMAC with another key (an enrollment token's) of {@code frame[0, length)} at {@code frame[length]}. */
    static void sign(SecretKeySpec key, byte[] frame, int length) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(frame, 0, length);
            mac.doFinal(frame, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * Checks a received frame's security against this side's configuration. {@code signedLength} bytes of
     * {@code frame} from {@code offset} are covered by the HMAC that follows them when {@code signed}.
     */
    void verify(byte[] frame, int offset, int signedLength, boolean signed, MessageType type, long timestamp,
            long nonce) throws ProtocolException {
        if (key == null) {
            if (signed && peers != null) {
                // not a mismatch of modes: this side is secure, with identities only (an enrolled agent, or a server that
                // no longer takes the shared key), and says so in words the sender can act on
                throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "the frame is signed with the shared key, which this side does not"
                        + " accept: it takes identity-signed frames only (an enrolled agent, or a server whose sharedKeyAccepted is false)");
            }
            if (signed) {
                throw new ProtocolException(ErrorCode.SECURITY_NOT_CONFIGURED,
                        "the peer signs its frames (it requires security) but this side has no shared key");
            }
            if (peers != null && type != MessageType.ERROR) {
                throw new ProtocolException(ErrorCode.SECURITY_REQUIRED,
                        "the peer sent an unsigned frame but this side requires identity-signed frames");
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
        checkHmac(macs.get(), frame, offset, signedLength);
        fresh(timestamp, nonce);
    }

    /** An ENROLL's HMAC, with the key of the token it names (version 2); returns that key. */
    byte[] verifyEnrollment(byte[] frame, int offset, int signedLength, boolean signed, String tokenId, long timestamp, long nonce)
            throws ProtocolException {
        if (enrollments == null) {
            throw new ProtocolException(ErrorCode.ENROLLMENT_REFUSED, "this side does not take enrollments");
        }
        if (!signed) {
            throw new ProtocolException(ErrorCode.ENROLLMENT_REFUSED, "an ENROLL must be signed with its token's key");
        }
        byte[] tokenKey = enrollments.hmacKey(tokenId);
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(tokenKey, ALGORITHM));
            checkHmac(mac, frame, offset, signedLength);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
        fresh(timestamp, nonce);
        return tokenKey;
    }

    /** An identity-signed frame: the signer known to {@link #peers}, its Ed25519 signature right (version 2). */
    void verifyIdentity(byte[] frame, int offset, int signedLength, long signer, Endorsement endorsement, long timestamp,
            long nonce) throws ProtocolException {
        if (peers == null) {
            throw new ProtocolException(key != null ? ErrorCode.IDENTITY_REFUSED : ErrorCode.SECURITY_NOT_CONFIGURED,
                    "the frame is signed with an identity but this side knows no identities (an agent that has not enrolled,"
                            + " or a server in the plain mode or of a version before enrollment)");
        }
        java.security.PublicKey publicKey = null;
        if (endorsement != null) {
            // a receiver that knows the signer already (it enrolled after the rotation, or learnt it) needs no endorsement
            try {
                publicKey = peers.publicKey(signer);
                endorsement = null;
            } catch (ProtocolException unknown) {
                publicKey = null;
            }
        }
        if (endorsement == null) {
            if (publicKey == null) {
                publicKey = peers.publicKey(signer);
            }
        } else {
            // the signer's key comes with the frame, vouched for by a key this side trusts
            java.security.PublicKey endorser = peers.publicKey(endorsement.oldKeyId());
            if (endorser == null || !endorsement.madeBy(endorser)) {
                throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "the endorsement of key " + signer + " is not key "
                        + endorsement.oldKeyId() + "'s");
            }
            if (endorsement.validUntilMillis() < now()) {
                throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "the endorsement of key " + signer + " by key "
                        + endorsement.oldKeyId() + " ended " + java.time.Instant.ofEpochMilli(endorsement.validUntilMillis()));
            }
            try {
                publicKey = endorsement.publicKey();
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(ErrorCode.MALFORMED, "endorsement: " + e.getMessage());
            }
        }
        if (publicKey == null) {
            throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "signer " + signer + " is not known here");
        }
        if (!Ed25519.verify(publicKey, frame, offset, signedLength, offset + signedLength)) {
            throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "the Ed25519 signature of signer " + signer
                    + " does not match (another key, or a modified frame)");
        }
        fresh(timestamp, nonce);
        if (endorsement != null) {
            peers.endorsed(endorsement);
        }
    }

    private static void checkHmac(Mac mac, byte[] frame, int offset, int signedLength) throws ProtocolException {
        mac.update(frame, offset, signedLength);
        byte[] expected = mac.doFinal();
        byte[] actual = Arrays.copyOfRange(frame, offset + signedLength, offset + signedLength + MAC_LENGTH);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "HMAC does not match (wrong key or modified frame)");
        }
    }

    private void fresh(long timestamp, long nonce) throws ProtocolException {
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
