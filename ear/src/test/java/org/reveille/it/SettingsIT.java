package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET|PUT /api/settings on the real server: defaults, a round trip, and validation that changes nothing. */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SettingsIT extends ServerTestSupport {

    /** The server's defaults, from its catalog (the current values depend on what other test classes changed). */
    @Test
    @Order(1)
    void documentedDefaults() {
        Reply reply = get("/api/settings/catalog", OPERATOR);
        assertEquals(200, reply.status(), reply.body());
        java.util.Map<String, String> defaults = ((JsonArray) reply.jsonValue()).getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(e -> e.getString("name"), e -> e.getString("default")));
        assertEquals("true", defaults.get("agentStateManagerEnabled"));
        assertEquals("10", defaults.get("agentStateManagerIntervalMinutes"));
        assertEquals("10", defaults.get("maxSubnetsPerPoll"));
        assertEquals("180", defaults.get("staleAfterMinutes"));
        assertEquals("30", defaults.get("deleteUnreachableAfterDays"));
        assertEquals("proactive", defaults.get("discoveryStrategy"));
        assertEquals("1776", defaults.get("agentPort"));
        assertEquals("1777", defaults.get("serverPort"));
        assertEquals("9", defaults.get("magicPacketPort"));
        assertEquals(200, get("/api/settings", OPERATOR).status());
    }

    @Test
    @Order(2)
    void roundTrip() {
        Reply changed = put("/api/settings", "{\"maxSubnetsPerPoll\": 25, \"discoveryStrategy\": \"on-demand\", \"pingCount\": 3}", ADMIN);
        assertEquals(200, changed.status(), changed.body());
        assertEquals(25, changed.json().getInt("maxSubnetsPerPoll"));

        JsonObject now = get("/api/settings", ADMIN).json();
        assertEquals(25, now.getInt("maxSubnetsPerPoll"));
        assertEquals("on-demand", now.getString("discoveryStrategy"));
        assertEquals(3, now.getInt("pingCount"));
        assertEquals(10, now.getInt("agentStateManagerIntervalMinutes"), "members not sent keep their value");

        assertEquals(200, put("/api/settings", "{\"maxSubnetsPerPoll\": 10, \"discoveryStrategy\": \"proactive\", \"pingCount\": 2}", ADMIN).status());
    }

    @Test
    @Order(3)
    void badValuesAreAllNamedAndNothingChanges() {
        JsonObject before = get("/api/settings", ADMIN).json();
        Reply reply = put("/api/settings",
                "{\"maxSubnetsPerPoll\": 20, \"pingCount\": 0, \"discoveryStrategy\": \"sometimes\", \"agentPort\": \"1776\", \"noSuchKnob\": 1}",
                ADMIN);
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        JsonObject problem = reply.json();
        assertEquals(400, problem.getInt("status"));
        assertTrue(problem.containsKey("errorId"));
        Set<String> fields = problem.getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("field")).collect(Collectors.toSet());
        assertEquals(Set.of("pingCount", "discoveryStrategy", "agentPort", "noSuchKnob"), fields);
        assertTrue(problem.getJsonArray("errors").getJsonObject(0).getString("message").length() > 5);
        assertEquals(before, get("/api/settings", ADMIN).json(), "a rejected update changes nothing, not even its valid members");
    }

    @Test
    @Order(4)
    void catalogDescribesEverySetting() {
        JsonArray catalog = (JsonArray) get("/api/settings/catalog", OPERATOR).jsonValue();
        JsonObject settings = get("/api/settings", OPERATOR).json();
        assertEquals(settings.keySet(), catalog.getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("name")).collect(Collectors.toSet()));
    }

    /** A heartbeat from an unregistered address: the listener answers ACK accepted=1 "not registered" while it runs. */
    private static org.reveille.protocol.Ack heartbeat(String from) throws Exception {
        org.reveille.net.Ipv4Address address = org.reveille.net.Ipv4Address.parse(from);
        org.reveille.protocol.ProtocolClient client = new org.reveille.protocol.ProtocolClient(
                new org.reveille.protocol.FrameCodec(org.reveille.protocol.SecurityContext.withKey(agentKey())), null,
                java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(10)).bindingTo(address);
        return (org.reveille.protocol.Ack) client.exchange(new java.net.InetSocketAddress("127.0.0.1", ItPorts.SERVER),
                new org.reveille.protocol.Heartbeat("SETTINGS-IT", address, org.reveille.protocol.WireRole.MEMBER, 60_000, 0));
    }

    /** encrypted on a server without the listener's TLS key store would stop the listener: refused, the listener keeps serving. */
    @Test
    @Order(5)
    void encryptedWithoutAKeyStoreIsRefusedAndTheListenerKeepsAnswering() throws Exception {
        assertEquals("not registered", heartbeat("127.71.15.10").detail());
        JsonObject before = get("/api/settings", ADMIN).json();
        Reply reply = put("/api/settings", "{\"secureTransport\": \"encrypted\"}", ADMIN);
        assertEquals(400, reply.status(), reply.body());
        JsonObject error = reply.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("secureTransport", error.getString("field"));
        assertTrue(error.getString("message").contains("cannot use TLS") && error.getString("message").contains("reveille.agent-listener.tls.key-store"),
                error.getString("message"));
        assertEquals(before, get("/api/settings", ADMIN).json(), "nothing changed");
        org.reveille.protocol.Ack ack = heartbeat("127.71.15.10");
        assertEquals(1, ack.accepted());
        assertEquals("not registered", ack.detail(), "the listener still answers agents");
    }

    /** Issue 11, item 15: a server port this server cannot open is refused; the running listener stays where it is. */
    @Test
    @Order(6)
    void aServerPortThatCannotBeOpenedIsRefusedAndTheListenerStays() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket()) {
            taken.bind(new java.net.InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            Reply reply = put("/api/settings", "{\"serverPort\": " + port + "}", ADMIN);
            assertEquals(400, reply.status(), reply.body());
            JsonObject error = reply.json().getJsonArray("errors").getJsonObject(0);
            assertEquals("serverPort", error.getString("field"));
            assertTrue(error.getString("message").contains("cannot open port " + port), error.getString("message"));
        }
        assertEquals(ItPorts.SERVER, get("/api/settings", ADMIN).json().getInt("serverPort"));
        assertEquals("not registered", heartbeat("127.71.15.11").detail(), "the listener on " + ItPorts.SERVER + " still answers");
    }
}
