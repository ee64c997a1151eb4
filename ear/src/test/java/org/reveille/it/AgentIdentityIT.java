package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.Ack;
import org.reveille.protocol.Ed25519;
import org.reveille.protocol.Endorsement;
import org.reveille.protocol.Enroll;
import org.reveille.protocol.Enrolled;
import org.reveille.protocol.ErrorCode;
import org.reveille.protocol.ErrorReply;
import org.reveille.protocol.Frame;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.GoingDown;
import org.reveille.protocol.Heartbeat;
import org.reveille.protocol.IdentityKeys;
import org.reveille.protocol.Message;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.ProtocolException;
import org.reveille.protocol.Registration;
import org.reveille.protocol.RemoteErrorException;
import org.reveille.protocol.RoleChange;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.SigningIdentity;
import org.reveille.protocol.WireRole;

/**
 * Per-agent identities against the real server (docs/security.md, "Agent identity"): enrollment with a token and its
 * refusals, the binding of an enrolled agent's frames to its MAC, address and subnet, what a rogue PC holding its own
 * valid identity (or the shared key) cannot do, revocation, the shared key switched off, and a server-key rotation that
 * an enrolled agent follows. The agents here are made of the protocol module's classes, speaking from their own
 * loopback addresses (127.94.x.y), so that a test can also play the rogue.
 */
@ExtendWith(ArquillianExtension.class)
class AgentIdentityIT extends ServerTestSupport {

    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", ItPorts.SERVER);
    private static final Ipv4Address MASK = Ipv4Address.parse("255.255.255.0");

    @AfterAll
    static void cleanUp() {
        // other classes' shared-key agents must not meet this class's identities on their addresses
        get("/api/agent-identities?state=live&limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(i -> i.getString("address").startsWith("127.94.") || i.getString("mac").startsWith("02:94:"))
                .forEach(i -> post("/api/agent-identities/" + i.getJsonNumber("id") + "/revoke", "{\"reason\":\"AgentIdentityIT done\"}", ADMIN));
        removeSubnets("127.94.");
        put("/api/settings", "{\"sharedKeyAccepted\":true}", ADMIN);
    }

    /** An agent made of protocol classes: its key pair, the identity the server gave it, the server keys it trusts. */
    static final class RawAgent {
        final String name;
        final Ipv4Address address;
        final MacAddress mac;
        final KeyPair keys = Ed25519.generate();
        final Map<Long, PublicKey> serverKeys = new ConcurrentHashMap<>();
        long id;

        RawAgent(String name, String address, String mac) {
            this.name = name;
            this.address = Ipv4Address.parse(address);
            this.mac = MacAddress.parse(mac);
        }

        Enrolled enroll(String token) throws IOException {
            return enroll(token, address);
        }

        /** ENROLL with {@code token} ("id.secret"), sent from {@code from}. */
        Enrolled enroll(String token, Ipv4Address from) throws IOException {
            int dot = token.indexOf('.');
            FrameCodec codec = new FrameCodec(SecurityContext.withKey(sha256(token.substring(dot + 1))));
            Message reply = new ProtocolClient(codec, null, Duration.ofSeconds(3), Duration.ofSeconds(10)).bindingTo(from)
                    .exchange(SERVER, new Enroll(token.substring(0, dot), name, List.of(address), MASK, mac, 1776, keys.getPublic().getEncoded()));
            Enrolled enrolled = assertInstanceOf(Enrolled.class, reply);
            id = enrolled.agentId();
            serverKeys.put(enrolled.serverKeyId(), Ed25519.publicKey(enrolled.serverPublicKey()));
            return enrolled;
        }

        FrameCodec codec() {
            IdentityKeys trusted = new IdentityKeys() {
                @Override
                public PublicKey publicKey(long signer) throws ProtocolException {
                    PublicKey key = serverKeys.get(signer);
                    if (key == null) {
                        throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "signer " + signer + " is not a server key");
                    }
                    return key;
                }

                @Override
                public void endorsed(Endorsement endorsement) {
                    serverKeys.putIfAbsent(endorsement.newKeyId(), endorsement.publicKey());
                }
            };
            return new FrameCodec(SecurityContext.forIdentities().withIdentity(new SigningIdentity(id, keys.getPrivate()), trusted));
        }

        Message send(Message message) throws IOException {
            return send(message, address);
        }

        Message send(Message message, Ipv4Address from) throws IOException {
            return new ProtocolClient(codec(), null, Duration.ofSeconds(3), Duration.ofSeconds(10)).bindingTo(from).exchange(SERVER, message);
        }

        Registration registration(WireRole requested) {
            return registration(address, mac, requested);
        }

        Registration registration(Ipv4Address at, MacAddress withMac, WireRole requested) {
            return new Registration(name, List.of(at), MASK, withMac, 1776, WireRole.MEMBER, requested, FrameCodec.VERSION_IDENTITY, true);
        }

        Heartbeat heartbeat(Ipv4Address of) {
            return new Heartbeat(name, of, WireRole.PRIMARY, 1000, 0);
        }
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newToken(int uses) {
        Reply reply = post("/api/enrollment-tokens", "{\"validHours\":2,\"uses\":" + uses + ",\"description\":\"AgentIdentityIT\"}", ADMIN);
        assertEquals(201, reply.status(), reply.body());
        return reply.json().getString("token");
    }

    private static ErrorCode refusal(ThrowingCall call) {
        RemoteErrorException e = assertThrows(RemoteErrorException.class, call::run);
        return e.code();
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    private static JsonObject subnetView(String cidr) {
        return get("/api/subnets?limit=1000", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("subnet").equals(cidr)).findFirst().orElse(null);
    }

    @Test
    void tokensAreForAdminsAndEnrollOnlyWhileGood() throws Exception {
        assertEquals(403, post("/api/enrollment-tokens", "{}", OPERATOR).status());
        assertEquals(403, get("/api/agent-identities", INVENTORY).status());
        Reply bad = post("/api/enrollment-tokens", "{\"uses\":0}", ADMIN);
        assertEquals(400, bad.status());
        assertTrue(bad.contentType().startsWith("application/problem+json"), bad.contentType());
        long refusalsBefore = countInServerLog("REVEILLE00172") + countInServerLog("ENROLLMENT_REFUSED");

        String token = newToken(1);
        String tokenId = token.substring(0, token.indexOf('.'));
        JsonObject listed = get("/api/enrollment-tokens", ADMIN).jsonValue().asJsonArray().getValuesAs(JsonObject.class).stream()
                .filter(t -> t.getString("id").equals(tokenId)).findFirst().orElseThrow();
        assertFalse(listed.containsKey("token") && !listed.isNull("token"), "the secret is shown only when the token is created");
        assertEquals("active", listed.getString("state"));

        RawAgent a = new RawAgent("PC-ID-A", "127.94.1.10", "02:94:01:00:00:0a");
        Enrolled enrolled = a.enroll(token);
        assertTrue(enrolled.agentId() > 0);
        JsonObject signingKey = get("/api/server-keys", ADMIN).jsonValue().asJsonArray().getJsonObject(0);
        assertEquals(signingKey.getJsonNumber("id").longValue(), enrolled.serverKeyId());
        assertEquals(signingKey.getString("publicKey"), Base64.getEncoder().encodeToString(enrolled.serverPublicKey()));
        JsonObject identity = get("/api/agent-identities/" + enrolled.agentId(), ADMIN).json();
        assertEquals("02:94:01:00:00:0a", identity.getString("mac"));
        assertEquals("127.94.1.0/24", identity.getString("subnet"));
        assertEquals("live", identity.getString("state"));

        // used up; unknown; a wrong secret; sent from an address other than the one it names; the same MAC again
        RawAgent b = new RawAgent("PC-ID-B", "127.94.1.11", "02:94:01:00:00:0b");
        assertEquals(ErrorCode.ENROLLMENT_REFUSED, refusal(() -> b.enroll(token)));
        assertEquals(ErrorCode.ENROLLMENT_REFUSED, refusal(() -> b.enroll("nosuchtoken1.abc")));
        String fresh = newToken(5);
        assertEquals(ErrorCode.BAD_SIGNATURE, refusal(() -> b.enroll(fresh.substring(0, fresh.indexOf('.')) + ".guessed-secret")));
        assertEquals(ErrorCode.ENROLLMENT_REFUSED, refusal(() -> b.enroll(fresh, Ipv4Address.parse("127.94.1.99"))));
        RawAgent twin = new RawAgent("PC-ID-A-TWIN", "127.94.1.12", "02:94:01:00:00:0a");
        assertEquals(ErrorCode.ENROLLMENT_REFUSED, refusal(() -> twin.enroll(fresh)));
        // revoked
        String revoked = newToken(5);
        assertEquals(200, delete("/api/enrollment-tokens/" + revoked.substring(0, revoked.indexOf('.')), ADMIN).status());
        assertEquals(ErrorCode.ENROLLMENT_REFUSED, refusal(() -> b.enroll(revoked)));
        // expired: two hours later by the server's clock
        String expiring = newToken(5);
        try {
            assertEquals(200, post("/api/testing/clock", "{\"advance\":\"PT3H\"}", ADMIN).status());
            assertEquals(ErrorCode.ENROLLMENT_REFUSED, refusal(() -> b.enroll(expiring)));
        } finally {
            delete("/api/testing/clock", ADMIN);
        }
        // the token's own refusals by the listener's refusal log (REVEILLE00060), the others by REVEILLE00172
        assertTrue(countInServerLog("REVEILLE00172") + countInServerLog("ENROLLMENT_REFUSED") - refusalsBefore >= 6, "each refusal is logged");
        assertTrue(countInServerLog("is used up") > 0 && countInServerLog("expired at") > 0 && countInServerLog("was revoked at") > 0);
        b.enroll(fresh);   // and the good one works

        List<String> kinds = get("/api/audit?limit=200&kind=agent-enrolled", ADMIN).json().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().map(e -> e.getString("subject")).toList();
        assertTrue(kinds.contains("agent identity " + enrolled.agentId()), kinds.toString());
        assertTrue(get("/api/audit?limit=200&kind=enrollment-token-created", ADMIN).json().getInt("total") >= 4);
        assertTrue(get("/api/audit?limit=200&kind=enrollment-token-revoked", ADMIN).json().getInt("total") >= 1);
    }

    @Test
    void aRoguePcWithItsOwnIdentityCannotSpeakForAnotherOrMoveAtWill() throws Exception {
        String token = newToken(10);
        RawAgent a = new RawAgent("PC-ID-P", "127.94.2.10", "02:94:02:00:00:0a");
        RawAgent rogue = new RawAgent("PC-ID-R", "127.94.2.20", "02:94:02:00:00:14");
        a.enroll(token);
        rogue.enroll(token);

        RoleChange granted = assertInstanceOf(RoleChange.class, a.send(a.registration(WireRole.PRIMARY)));
        assertEquals(WireRole.PRIMARY, granted.role());
        JsonObject view = subnetView("127.94.2.0/24");
        assertEquals("127.94.2.10", view.getJsonObject("primary").getString("address"));
        long refusedBefore = countInServerLog("REVEILLE00173");

        // the rogue claims A's address, A's MAC, A's heartbeat and A's departure: all refused, nothing changes
        assertEquals(ErrorCode.IDENTITY_REFUSED, refusal(() -> rogue.send(rogue.registration(a.address, rogue.mac, WireRole.PRIMARY))));
        assertEquals(ErrorCode.IDENTITY_REFUSED, refusal(() -> rogue.send(rogue.registration(rogue.address, a.mac, WireRole.PRIMARY))));
        assertEquals(ErrorCode.IDENTITY_REFUSED, refusal(() -> rogue.send(rogue.heartbeat(a.address))));
        assertEquals(ErrorCode.IDENTITY_REFUSED, refusal(() -> rogue.send(new GoingDown(rogue.name, a.address, WireRole.PRIMARY, "forged"))));
        // nor with the shared key every old agent holds
        FrameCodec sharedKey = new FrameCodec(SecurityContext.withKey(agentKey()));
        ProtocolClient sharedKeyClient = new ProtocolClient(sharedKey, null, Duration.ofSeconds(3), Duration.ofSeconds(10)).bindingTo(rogue.address);
        assertEquals(ErrorCode.IDENTITY_REFUSED, refusal(() -> sharedKeyClient.exchange(SERVER,
                new GoingDown("PC-ID-P", a.address, WireRole.PRIMARY, "forged with the shared key"))));
        assertEquals(ErrorCode.IDENTITY_REFUSED, refusal(() -> sharedKeyClient.exchange(SERVER,
                new Registration("PC-ID-P", List.of(rogue.address), MASK, a.mac, 1776, WireRole.MEMBER, WireRole.PRIMARY, 1, true))));
        assertTrue(countInServerLog("REVEILLE00173") - refusedBefore >= 6, "each refusal is logged as REVEILLE00173");
        assertEquals("127.94.2.10", subnetView("127.94.2.0/24").getJsonObject("primary").getString("address"), "A is still the Primary");

        // a replay of A's own heartbeat frame: accepted once, refused the second time
        byte[] heartbeat = a.codec().encode(a.heartbeat(a.address));
        assertInstanceOf(Ack.class, sendRaw(heartbeat, rogue.address, a.codec()).message());
        Message replayed = sendRaw(heartbeat, rogue.address, a.codec()).message();
        assertEquals(ErrorCode.REPLAYED, assertInstanceOf(ErrorReply.class, replayed).code());

        // the rogue moves to another subnet (from an address of it): refused until the inventory places its MAC there
        Ipv4Address elsewhere = Ipv4Address.parse("127.94.9.20");
        assertEquals(ErrorCode.IDENTITY_REFUSED, refusal(() -> rogue.send(rogue.registration(elsewhere, rogue.mac, WireRole.PRIMARY), elsewhere)));
        assertNull(subnetView("127.94.9.0/24"), "no agent-list entry for the refused claim");
        Reply inventory = put("/api/inventory/machines", "{\"machines\":[{\"resourceId\":\"identity-it-rogue\",\"name\":\"PC-ID-R\","
                + "\"chassis\":\"workstation\",\"nics\":[{\"mac\":\"02:94:02:00:00:14\",\"ip\":\"127.94.9.20\",\"subnet\":\"127.94.9.0/24\"}]}]}", INVENTORY);
        assertEquals(200, inventory.status(), inventory.body());
        assertEquals(WireRole.PRIMARY, assertInstanceOf(RoleChange.class, rogue.send(rogue.registration(elsewhere, rogue.mac, WireRole.PRIMARY), elsewhere)).role());
        assertEquals("127.94.9.0/24", get("/api/agent-identities/" + rogue.id, ADMIN).json().getString("subnet"), "the identity followed");
    }

    /** Writes {@code frame} as it is on a new connection from {@code from}, and reads the one reply. */
    private static Frame sendRaw(byte[] frame, Ipv4Address from, FrameCodec reader) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from.toInetAddress(), 0));
            socket.connect(SERVER, 3000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(frame);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return reader.read(in);
        }
    }

    @Test
    void aRevokedAgentIsRefusedAndItsRoleHandedOver() throws Exception {
        String token = newToken(3);
        RawAgent primary = new RawAgent("PC-ID-V", "127.94.3.10", "02:94:03:00:00:0a");
        RawAgent alternate = new RawAgent("PC-ID-W", "127.94.3.11", "02:94:03:00:00:0b");
        primary.enroll(token);
        alternate.enroll(token);
        assertEquals(WireRole.PRIMARY, assertInstanceOf(RoleChange.class, primary.send(primary.registration(WireRole.PRIMARY))).role());
        assertEquals(WireRole.ALTERNATE, assertInstanceOf(RoleChange.class, alternate.send(alternate.registration(WireRole.MEMBER))).role());
        assertInstanceOf(Ack.class, primary.send(primary.heartbeat(primary.address)));

        Reply revoked = post("/api/agent-identities/" + primary.id + "/revoke", "{\"reason\":\"stolen laptop\"}", ADMIN);
        assertEquals(200, revoked.status(), revoked.body());
        assertEquals("revoked", revoked.json().getString("state"));
        assertEquals("stolen laptop", revoked.json().getString("revokeReason"));
        assertEquals(409, post("/api/agent-identities/" + primary.id + "/revoke", "{}", ADMIN).status());

        assertEquals(ErrorCode.IDENTITY_REFUSED, refusal(() -> primary.send(primary.heartbeat(primary.address))));
        assertEquals(ErrorCode.IDENTITY_REFUSED, refusal(() -> primary.send(primary.registration(WireRole.PRIMARY))));
        JsonObject view = subnetView("127.94.3.0/24");
        assertEquals("127.94.3.11", view.getJsonObject("primary").getString("address"), "the Alternate took over: " + view);
        assertTrue(countInServerLog("REVEILLE00174") > 0);
        assertTrue(get("/api/audit?limit=200&kind=agent-revoked", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .anyMatch(e -> e.getString("subject").equals("agent identity " + primary.id)));

        // the PC, re-imaged, enrolls again with a new token and a new key
        RawAgent again = new RawAgent("PC-ID-V", "127.94.3.10", "02:94:03:00:00:0a");
        again.enroll(newToken(1));
        assertTrue(again.id != primary.id);
        assertInstanceOf(RoleChange.class, again.send(again.registration(WireRole.MEMBER)));
    }

    @Test
    void withoutTheSharedKeyOnlyEnrolledAgentsAreHeard() throws Exception {
        RawAgent enrolled = new RawAgent("PC-ID-E", "127.94.4.10", "02:94:04:00:00:0a");
        enrolled.enroll(newToken(1));
        FrameCodec sharedKey = new FrameCodec(SecurityContext.withKey(agentKey()));
        Registration old = new Registration("PC-ID-OLD", List.of(Ipv4Address.parse("127.94.4.11")), MASK,
                MacAddress.parse("02:94:04:00:00:0b"), 1776, WireRole.MEMBER, WireRole.MEMBER, 1, true);
        ProtocolClient oldAgent = new ProtocolClient(sharedKey, null, Duration.ofSeconds(3), Duration.ofSeconds(10))
                .bindingTo(Ipv4Address.parse("127.94.4.11"));
        assertInstanceOf(RoleChange.class, oldAgent.exchange(SERVER, old), "accepted while the shared key is");
        try {
            assertEquals(200, put("/api/settings", "{\"sharedKeyAccepted\":false}", ADMIN).status());
            awaitAgentListener();
            ProtocolException refused = assertThrows(ProtocolException.class, () -> oldAgent.exchange(SERVER, old));
            assertEquals(ErrorCode.IDENTITY_REFUSED, refused.code());
            assertTrue(refused.getMessage().contains("identity-signed frames only"), refused.getMessage());
            assertInstanceOf(RoleChange.class, enrolled.send(enrolled.registration(WireRole.MEMBER)));
        } finally {
            assertEquals(200, put("/api/settings", "{\"sharedKeyAccepted\":true}", ADMIN).status());
            awaitAgentListener();
        }
        assertInstanceOf(RoleChange.class, oldAgent.exchange(SERVER, old));
    }

    @Test
    void anEnrolledAgentFollowsARotationOfTheServerKey() throws Exception {
        RawAgent agent = new RawAgent("PC-ID-K", "127.94.5.10", "02:94:05:00:00:0a");
        Enrolled enrolled = agent.enroll(newToken(1));
        assertInstanceOf(RoleChange.class, agent.send(agent.registration(WireRole.PRIMARY)));
        Reply rotated = post("/api/server-keys/rotation", "{\"overlapHours\":2}", ADMIN);
        assertEquals(201, rotated.status(), rotated.body());
        long newKey = rotated.json().getJsonNumber("id").longValue();
        assertTrue(newKey > enrolled.serverKeyId());
        assertEquals(400, post("/api/server-keys/rotation", "{\"overlapHours\":0}", ADMIN).status());

        // the server's next answer is signed with the new key and carries the old key's endorsement (within 5 s on every node)
        Instant deadline = Instant.now().plusSeconds(15);
        while (!agent.serverKeys.containsKey(newKey) && Instant.now().isBefore(deadline)) {
            assertInstanceOf(Ack.class, agent.send(agent.heartbeat(agent.address)));
            Thread.sleep(500);
        }
        assertTrue(agent.serverKeys.containsKey(newKey), "the agent learnt key " + newKey + " from the endorsement");
        List<JsonObject> keys = get("/api/server-keys", ADMIN).jsonValue().asJsonArray().getValuesAs(JsonObject.class);
        assertEquals("signing", keys.get(0).getString("state"));
        assertEquals("endorsing", keys.get(1).getString("state"));
        assertNotNull(keys.get(1).getString("retireAt"));
        // an agent enrolling now is given the new key
        RawAgent later = new RawAgent("PC-ID-L", "127.94.5.11", "02:94:05:00:00:0b");
        assertEquals(newKey, later.enroll(newToken(1)).serverKeyId());
        assertTrue(get("/api/audit?limit=50&kind=server-key-rotated", ADMIN).json().getInt("total") >= 1);
    }
}
