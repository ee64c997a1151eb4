package org.reveille.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * Version 2 of the protocol (docs/protocol.md, "Version 2"): identity-signed frames and enrollment. A frame signed by
 * one identity is accepted only by a receiver that knows that signer, and only unmodified, fresh and once; another
 * PC's key, a forged signer id, a tampered byte or a replay is refused; ENROLL is accepted only with a valid token's
 * key, and ENROLLED only by the agent holding that token.
 */
class IdentityFramesTest {

    private static final KeyPair SERVER = Ed25519.generate();
    private static final KeyPair AGENT_A = Ed25519.generate();
    private static final KeyPair AGENT_B = Ed25519.generate();
    private static final long SERVER_KEY_ID = 7;
    private static final long A = 1001;
    private static final long B = 1002;
    private static final byte[] SHARED = "0123456789abcdef-reveille-test-key".getBytes(StandardCharsets.UTF_8);

    /** The server's directory of agent identities: A and B; a revoked or unknown signer is refused. */
    private static final IdentityKeys AGENTS = signer -> {
        Map<Long, PublicKey> known = Map.of(A, AGENT_A.getPublic(), B, AGENT_B.getPublic());
        PublicKey key = known.get(signer);
        if (key == null) {
            throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "agent identity " + signer + " is unknown or revoked");
        }
        return key;
    };

    /** What every agent trusts: the server's key. */
    private static final IdentityKeys SERVER_ONLY = signer -> {
        if (signer != SERVER_KEY_ID) {
            throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "signer " + signer + " is not the server");
        }
        return SERVER.getPublic();
    };

    private static FrameCodec server() {
        return new FrameCodec(SecurityContext.plain().withIdentity(new SigningIdentity(SERVER_KEY_ID, SERVER.getPrivate()), AGENTS));
    }

    private static FrameCodec agent(long id, KeyPair keys) {
        return new FrameCodec(SecurityContext.plain().withIdentity(new SigningIdentity(id, keys.getPrivate()), SERVER_ONLY));
    }

    private static Heartbeat heartbeat(String name) {
        return new Heartbeat(name, Ipv4Address.parse("127.74.1.10"), WireRole.PRIMARY, 1000, 0);
    }

    @Test
    void anIdentitySignedFrameRoundTripsAndNamesItsSigner() throws Exception {
        byte[] frame = agent(A, AGENT_A).encode(heartbeat("PC-A"));
        assertEquals(FrameCodec.VERSION_IDENTITY, frame[2]);
        assertEquals(FrameCodec.FLAG_IDENTITY, frame[4]);
        Frame decoded = server().decode(frame);
        assertEquals(A, decoded.signer());
        assertTrue(decoded.signed());
        assertEquals(heartbeat("PC-A"), decoded.message());

        // and the server's commands are checked by the agent against the server's key
        Frame command = agent(A, AGENT_A).decode(server().encode(new StatusRequest()));
        assertEquals(SERVER_KEY_ID, command.signer());
    }

    /** A wake result with paired paths (version 3) signed by an identity: version 3 with the identity flag. */
    @Test
    void aVersionThreeMessageIsIdentitySignedAsVersionThree() throws Exception {
        Message result = SampleMessages.version3().get(1);
        byte[] frame = agent(A, AGENT_A).encode(result);
        assertEquals(FrameCodec.VERSION_WAKE_PATHS, frame[2]);
        assertEquals(FrameCodec.FLAG_IDENTITY, frame[4]);
        Frame decoded = server().decode(frame);
        assertEquals(A, decoded.signer());
        assertEquals(result, decoded.message());
    }

    @Test
    void aPcCannotSpeakForAnotherPcNorForTheServer() {
        // B signs with its own key but claims to be A: the signature does not match A's key
        byte[] forged = agent(B, AGENT_B).encode(heartbeat("PC-A"));
        for (int i = 0; i < 8; i++) {
            forged[forged.length - 72 + i] = (byte) (A >>> (56 - 8 * i));
        }
        assertEquals(ErrorCode.BAD_SIGNATURE, assertThrows(ProtocolException.class, () -> server().decode(forged)).code());
        // B sends a command to agent A: A trusts only the server's key
        byte[] command = agent(B, AGENT_B).encode(new WakeBatchSample().batch());
        ProtocolException refused = assertThrows(ProtocolException.class, () -> agent(A, AGENT_A).decode(command));
        assertEquals(ErrorCode.IDENTITY_REFUSED, refused.code());
        // nor can B pass B's frame off as the server's by naming the server's key id
        byte[] asServer = command.clone();
        for (int i = 0; i < 8; i++) {
            asServer[asServer.length - 72 + i] = (byte) (SERVER_KEY_ID >>> (56 - 8 * i));
        }
        assertEquals(ErrorCode.BAD_SIGNATURE, assertThrows(ProtocolException.class, () -> agent(A, AGENT_A).decode(asServer)).code());
    }

    @Test
    void aTamperedReplayedOrUnknownFrameIsRefused() throws Exception {
        FrameCodec server = server();
        byte[] frame = agent(A, AGENT_A).encode(heartbeat("PC-A"));
        byte[] tampered = frame.clone();
        tampered[FrameCodec.HEADER_LENGTH + 3] ^= 1;
        assertEquals(ErrorCode.BAD_SIGNATURE, assertThrows(ProtocolException.class, () -> server.decode(tampered)).code());
        server.decode(frame);
        assertEquals(ErrorCode.REPLAYED, assertThrows(ProtocolException.class, () -> server.decode(frame)).code());
        KeyPair stranger = Ed25519.generate();
        byte[] unknown = agent(4242, stranger).encode(heartbeat("PC-X"));
        ProtocolException refused = assertThrows(ProtocolException.class, () -> server.decode(unknown));
        assertEquals(ErrorCode.IDENTITY_REFUSED, refused.code());
        assertTrue(refused.getMessage().contains("4242"), refused.getMessage());
    }

    @Test
    void identityAndSharedKeyModesMeetOnlyWhereBothAreConfigured() throws Exception {
        byte[] identityFrame = agent(A, AGENT_A).encode(heartbeat("PC-A"));
        byte[] sharedKeyFrame = new FrameCodec(SecurityContext.withKey(SHARED)).encode(heartbeat("PC-S"));
        // a shared-key receiver knows no identities, and says so
        ProtocolException noIdentities = assertThrows(ProtocolException.class, () -> new FrameCodec(SecurityContext.withKey(SHARED)).decode(identityFrame));
        assertEquals(ErrorCode.IDENTITY_REFUSED, noIdentities.code());
        assertTrue(noIdentities.getMessage().contains("knows no identities"), noIdentities.getMessage());
        // an enrollment-only receiver refuses the shared key in words the sender can act on, and unsigned frames
        ProtocolException identitiesOnly = assertThrows(ProtocolException.class, () -> server().decode(sharedKeyFrame));
        assertEquals(ErrorCode.IDENTITY_REFUSED, identitiesOnly.code());
        assertTrue(identitiesOnly.getMessage().contains("identity-signed frames only"), identitiesOnly.getMessage());
        byte[] unsigned = new FrameCodec(SecurityContext.plain()).encode(heartbeat("PC-P"));
        assertEquals(ErrorCode.SECURITY_REQUIRED, assertThrows(ProtocolException.class, () -> server().decode(unsigned)).code());
        // a server moving an estate over takes both
        FrameCodec both = new FrameCodec(SecurityContext.withKey(SHARED).withIdentity(new SigningIdentity(SERVER_KEY_ID, SERVER.getPrivate()), AGENTS));
        assertEquals(A, both.decode(identityFrame).signer());
        assertEquals(0, both.decode(sharedKeyFrame).signer());
        assertEquals(ErrorCode.SECURITY_REQUIRED, assertThrows(ProtocolException.class, () -> both.decode(unsigned)).code());
    }

    @Test
    void headerRulesOfVersionTwo() {
        byte[] frame = agent(A, AGENT_A).encode(heartbeat("PC-A"));
        byte[] v1 = frame.clone();
        v1[2] = 1;   // the identity flag is reserved in version 1
        assertEquals(ErrorCode.MALFORMED, assertThrows(ProtocolException.class, () -> server().decode(v1)).code());
        byte[] both = frame.clone();
        both[4] = (byte) (FrameCodec.FLAG_IDENTITY | FrameCodec.FLAG_SIGNED);
        assertEquals(ErrorCode.MALFORMED, assertThrows(ProtocolException.class, () -> server().decode(both)).code());
        byte[] reserved = frame.clone();
        reserved[4] = (byte) (FrameCodec.FLAG_IDENTITY | 0x08);
        assertEquals(ErrorCode.MALFORMED, assertThrows(ProtocolException.class, () -> server().decode(reserved)).code());
        byte[] endorsedWithoutIdentity = new FrameCodec(SecurityContext.withKey(SHARED)).encode(heartbeat("PC-S"));
        endorsedWithoutIdentity[2] = 2;
        endorsedWithoutIdentity[4] = (byte) (FrameCodec.FLAG_SIGNED | FrameCodec.FLAG_ENDORSED);
        assertEquals(ErrorCode.MALFORMED, assertThrows(ProtocolException.class,
                () -> new FrameCodec(SecurityContext.withKey(SHARED)).decode(endorsedWithoutIdentity)).code());
        byte[] shortened = java.util.Arrays.copyOf(frame, frame.length - 1);
        assertEquals(ErrorCode.TRUNCATED, assertThrows(ProtocolException.class, () -> server().decode(shortened)).code());
    }

    @Test
    void enrollmentTakesAValidTokenAndAnswersOnlyItsHolder() throws Exception {
        byte[] secret = "token-secret-0123456789".getBytes(StandardCharsets.UTF_8);
        byte[] tokenKey = MessageDigest.getInstance("SHA-256").digest(secret);
        EnrollmentKeys tokens = tokenId -> {
            if (!tokenId.equals("tok-1")) {
                throw new ProtocolException(ErrorCode.ENROLLMENT_REFUSED, "token " + tokenId + " is unknown, expired or used up");
            }
            return tokenKey;
        };
        FrameCodec enrolling = new FrameCodec(SecurityContext.withKey(tokenKey));
        Enroll enroll = new Enroll("tok-1", "PC-NEW", List.of(Ipv4Address.parse("127.74.2.10")), Ipv4Address.parse("255.255.255.0"),
                MacAddress.parse("02:74:00:00:02:0a"), 1776, AGENT_A.getPublic().getEncoded());
        byte[] frame = enrolling.encode(enroll);
        assertEquals(FrameCodec.VERSION_IDENTITY, frame[2], "ENROLL is a version 2 message");
        FrameCodec server = new FrameCodec(SecurityContext.plain().withIdentity(new SigningIdentity(SERVER_KEY_ID, SERVER.getPrivate()), AGENTS)
                .acceptingEnrollment(tokens));
        Frame received = server.decode(frame);
        assertEquals(enroll, received.message());
        assertArrayEquals(AGENT_A.getPublic().getEncoded(), ((Enroll) received.message()).publicKey());

        // another token, a wrong secret, no enrollment on this side
        byte[] other = new FrameCodec(SecurityContext.withKey(tokenKey)).encode(new Enroll("tok-2", "PC-NEW", enroll.addresses(), enroll.mask(),
                enroll.mac(), 1776, enroll.publicKey()));
        assertEquals(ErrorCode.ENROLLMENT_REFUSED, assertThrows(ProtocolException.class, () -> server.decode(other)).code());
        byte[] wrongSecret = new FrameCodec(SecurityContext.withKey(MessageDigest.getInstance("SHA-256").digest("guess-guess-guess".getBytes(StandardCharsets.UTF_8))))
                .encode(enroll);
        assertEquals(ErrorCode.BAD_SIGNATURE, assertThrows(ProtocolException.class, () -> server.decode(wrongSecret)).code());
        assertEquals(ErrorCode.ENROLLMENT_REFUSED, assertThrows(ProtocolException.class,
                () -> new FrameCodec(SecurityContext.withKey(SHARED)).decode(enrolling.encode(enroll))).code());

        // the answer, signed with the token's key: the agent reads it, a holder of another token does not
        Enrolled answer = new Enrolled(A, SERVER_KEY_ID, SERVER.getPublic().getEncoded());
        byte[] reply = new FrameCodec(SecurityContext.withKey(tokenKey)).encode(answer);
        assertEquals(answer, enrolling.decode(reply).message());
        assertEquals(ErrorCode.BAD_SIGNATURE, assertThrows(ProtocolException.class,
                () -> new FrameCodec(SecurityContext.withKey(SHARED)).decode(reply)).code());
        // and a version 1 frame cannot carry the version 2 types
        byte[] asV1 = reply.clone();
        asV1[2] = 1;
        assertEquals(ErrorCode.UNKNOWN_TYPE, assertThrows(ProtocolException.class, () -> enrolling.decode(asV1)).code());
    }

    @Test
    void enrollRefusesWhatIsNotAnEd25519Key() {
        assertThrows(IllegalArgumentException.class, () -> new Enroll("tok-1", "PC", List.of(Ipv4Address.parse("127.74.2.10")),
                Ipv4Address.parse("255.255.255.0"), MacAddress.parse("02:74:00:00:02:0a"), 1776, new byte[44]));
        assertThrows(IllegalArgumentException.class, () -> new SigningIdentity(0, AGENT_A.getPrivate()));
    }

    @Test
    void aReplyIsAuthenticatedTheWayItsRequestWas() throws Exception {
        byte[] tokenKey = MessageDigest.getInstance("SHA-256").digest("token-secret-0123456789".getBytes(StandardCharsets.UTF_8));
        // a server that takes the shared key, identities and enrollments at once (an estate moving to enrollment)
        FrameCodec server = new FrameCodec(SecurityContext.withKey(SHARED)
                .withIdentity(new SigningIdentity(SERVER_KEY_ID, SERVER.getPrivate()), AGENTS).acceptingEnrollment(id -> tokenKey));
        Ack ack = new Ack(1, 0, "");

        FrameCodec enrolled = agent(A, AGENT_A);
        Frame identityRequest = server.decode(enrolled.encode(heartbeat("PC-A")));
        assertEquals(SERVER_KEY_ID, enrolled.decode(server.encodeReply(identityRequest, ack)).signer());

        FrameCodec sharedKeyAgent = new FrameCodec(SecurityContext.withKey(SHARED));
        Frame sharedKeyRequest = server.decode(sharedKeyAgent.encode(heartbeat("PC-S")));
        Frame sharedKeyReply = sharedKeyAgent.decode(server.encodeReply(sharedKeyRequest, ack));
        assertEquals(0, sharedKeyReply.signer());
        assertTrue(sharedKeyReply.signed());

        FrameCodec enrolling = new FrameCodec(SecurityContext.withKey(tokenKey));
        Frame enroll = server.decode(enrolling.encode(new Enroll("tok-1", "PC-NEW", List.of(Ipv4Address.parse("127.74.2.10")),
                Ipv4Address.parse("255.255.255.0"), MacAddress.parse("02:74:00:00:02:0a"), 1776, AGENT_B.getPublic().getEncoded())));
        assertArrayEquals(tokenKey, enroll.enrollmentKey());
        Enrolled answer = new Enrolled(B, SERVER_KEY_ID, SERVER.getPublic().getEncoded());
        byte[] reply = server.encodeReply(enroll, answer);
        assertEquals(answer, enrolling.decode(reply).message());
        // the shared key cannot read it: only the token's holder can take the server key from it
        assertEquals(ErrorCode.BAD_SIGNATURE, assertThrows(ProtocolException.class, () -> sharedKeyAgent.decode(reply)).code());
    }

    @Test
    void anAgentLearnsARotatedServerKeyFromItsEndorsementAndOnlyFromIt() throws Exception {
        KeyPair next = Ed25519.generate();
        long nextId = 8;
        long until = System.currentTimeMillis() + 3_600_000;
        java.util.Map<Long, PublicKey> trusted = new java.util.concurrent.ConcurrentHashMap<>(Map.of(SERVER_KEY_ID, SERVER.getPublic()));
        IdentityKeys learning = new IdentityKeys() {
            @Override
            public PublicKey publicKey(long signer) throws ProtocolException {
                PublicKey key = trusted.get(signer);
                if (key == null) {
                    throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "signer " + signer + " is not a server key");
                }
                return key;
            }

            @Override
            public void endorsed(Endorsement endorsement) {
                trusted.putIfAbsent(endorsement.newKeyId(), endorsement.publicKey());
            }
        };
        FrameCodec agent = new FrameCodec(SecurityContext.forIdentities().withIdentity(new SigningIdentity(A, AGENT_A.getPrivate()), learning));
        FrameCodec plainNewKey = new FrameCodec(SecurityContext.forIdentities().withIdentity(new SigningIdentity(nextId, next.getPrivate()), AGENTS));
        // without the endorsement the new key is a stranger
        assertEquals(ErrorCode.IDENTITY_REFUSED, assertThrows(ProtocolException.class,
                () -> agent.decode(plainNewKey.encode(new StatusRequest()))).code());
        // endorsed by a key that is not the server's: refused, nothing learnt
        KeyPair stranger = Ed25519.generate();
        FrameCodec forged = new FrameCodec(SecurityContext.forIdentities().withIdentity(new SigningIdentity(nextId, next.getPrivate(),
                Endorsement.create(SERVER_KEY_ID, stranger.getPrivate(), nextId, next.getPublic(), until)), AGENTS));
        assertEquals(ErrorCode.BAD_SIGNATURE, assertThrows(ProtocolException.class, () -> agent.decode(forged.encode(new StatusRequest()))).code());
        // an endorsement whose overlap has ended: refused
        FrameCodec late = new FrameCodec(SecurityContext.forIdentities().withIdentity(new SigningIdentity(nextId, next.getPrivate(),
                Endorsement.create(SERVER_KEY_ID, SERVER.getPrivate(), nextId, next.getPublic(), System.currentTimeMillis() - 1)), AGENTS));
        assertEquals(ErrorCode.IDENTITY_REFUSED, assertThrows(ProtocolException.class, () -> agent.decode(late.encode(new StatusRequest()))).code());
        // a frame whose endorsed key was swapped: the frame's signature does not match the key it carries
        FrameCodec endorsing = new FrameCodec(SecurityContext.forIdentities().withIdentity(new SigningIdentity(nextId, next.getPrivate(),
                Endorsement.create(SERVER_KEY_ID, SERVER.getPrivate(), nextId, next.getPublic(), until)), AGENTS));
        byte[] swapped = endorsing.encode(new StatusRequest());
        int keyAt = FrameCodec.HEADER_LENGTH + 8;
        System.arraycopy(stranger.getPublic().getEncoded(), 0, swapped, keyAt, Ed25519.PUBLIC_KEY_LENGTH);
        assertEquals(ErrorCode.BAD_SIGNATURE, assertThrows(ProtocolException.class, () -> agent.decode(swapped)).code());
        assertEquals(1, trusted.size(), "nothing learnt from a refused frame");
        // the real one: accepted as the new key's, which the agent then trusts without the endorsement
        Frame frame = agent.decode(endorsing.encode(new StatusRequest()));
        assertEquals(nextId, frame.signer());
        assertEquals(2, trusted.size());
        assertEquals(nextId, agent.decode(plainNewKey.encode(new StatusRequest())).signer());
        // an agent that knows only the new key (it enrolled after the rotation) takes endorsed frames without the old key
        IdentityKeys onlyNew = signer -> {
            if (signer != nextId) {
                throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "signer " + signer + " is not a server key");
            }
            return next.getPublic();
        };
        FrameCodec enrolledLater = new FrameCodec(SecurityContext.forIdentities().withIdentity(new SigningIdentity(B, AGENT_B.getPrivate()), onlyNew));
        assertEquals(nextId, enrolledLater.decode(endorsing.encode(new StatusRequest())).signer());
    }

    /** A small WAKE BATCH, the command a rogue PC would most like to forge. */
    private static final class WakeBatchSample {
        WakeBatch batch() {
            return SampleMessages.all().stream().filter(m -> m instanceof WakeBatch).map(m -> (WakeBatch) m).findFirst().orElseThrow();
        }
    }
}
