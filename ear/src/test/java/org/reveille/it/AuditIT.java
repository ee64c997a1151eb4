package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.Registration;
import org.reveille.protocol.RoleChange;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.WireRole;

/**
 * Issue 14, item 8: the audit trail on the real server. Every kind of entry is made through the API (or JMS, or the
 * sign-in) and then found with GET /api/audit, with who, the channel, the address and what was asked; a refused
 * change leaves no entry; the trail has no write path; the CSV export holds the same; the retention removes old
 * entries and says so. Entries of this class are told apart by names unique to the run.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditIT extends ServerTestSupport {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    /** The newest entry of {@code kind} whose subject is {@code subject}, by {@code user}. */
    private static JsonObject entry(String kind, String user, String subject) {
        Reply reply = get("/api/audit?kind=" + kind + "&user=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&limit=1000", ADMIN);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(e -> subject.equals(e.getString("subject", null))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " entry by " + user + " about " + subject + " in " + reply.body()));
    }

    private static long count(String kind, String subject) {
        return get("/api/audit?kind=" + kind + "&limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(e -> subject.equals(e.getString("subject", null))).count();
    }

    private static void assertRest(JsonObject entry, String user) {
        assertEquals(user, entry.getString("user"), entry.toString());
        assertEquals("rest", entry.getString("channel"), entry.toString());
        assertEquals("127.0.0.1", entry.getString("address"), entry.toString());
        assertFalse(entry.getString("node").isBlank(), entry.toString());
        Instant at = Instant.parse(entry.getString("at"));
        assertTrue(Duration.between(at, Instant.now()).abs().toMinutes() < 5, "stamped now: " + entry);
    }

    @Test
    @Order(1)
    void aWakeRequestAndItsCancelAreAudited() {
        // a machine the request resolves to (inside a boundary), woken an hour from now: its job waits, and can be cancelled
        Reply boundary = post("/api/boundaries", "{\"subnet\":\"127.74.3.0/24\",\"source\":\"audit-wake-" + RUN + "\"}", ADMIN);
        assertEquals(201, boundary.status(), boundary.body());
        String name = "AUDIT-" + RUN + "-PC";
        assertEquals(200, put("/api/inventory/machines", "{\"machines\":[{\"resourceId\":\"AUDIT-" + RUN + "-R0\",\"name\":\"" + name
                + "\",\"chassis\":\"workstation\",\"nics\":[{\"mac\":\"02:74:00:00:03:0a\",\"ip\":\"127.74.3.10\",\"subnet\":\"127.74.3.0/24\"}]}]}",
                INVENTORY).status());
        Reply accepted = post("/api/wake", "{\"names\":[\"" + name + "\"],\"verify\":false,\"notBefore\":\"" + Instant.now().plusSeconds(3600) + "\"}", OPERATOR);
        assertEquals(202, accepted.status(), accepted.body());
        long job = accepted.json().getJsonNumber("jobId").longValue();
        JsonObject requested = entry("wake-requested", "operator", "job " + job);
        assertRest(requested, "operator");
        JsonObject detail = requested.getJsonObject("detail");
        assertEquals(List.of(name), detail.getJsonArray("names").getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals(1, detail.getInt("items"));
        assertTrue(detail.containsKey("notBefore"), detail.toString());

        Reply cancelled = delete("/api/jobs/" + job, ADMIN);
        assertEquals(200, cancelled.status(), cancelled.body());
        JsonObject cancel = entry("wake-cancelled", "admin", "job " + job);
        assertRest(cancel, "admin");
        assertEquals(1, cancel.getJsonObject("detail").getInt("targetsCancelled"), cancel.toString());
        assertEquals(204, delete("/api/boundaries/" + boundary.json().getJsonNumber("id").longValue(), ADMIN).status());
        removeSubnets("127.74.");
    }

    @Test
    @Order(2)
    void aBulkWakeThroughJmsIsAuditedAsJms() throws Exception {
        String name = "AUDIT-" + RUN + "-JMS";
        String broker = "tcp://127.0.0.1:" + ItPorts.HTTP + "?httpUpgradeEnabled=true&httpUpgradeEndpoint=http-acceptor";
        long job;
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker);
             JMSContext jms = factory.createContext(INVENTORY[0], INVENTORY[1], JMSContext.AUTO_ACKNOWLEDGE)) {
            TemporaryQueue replies = jms.createTemporaryQueue();
            TextMessage request = jms.createTextMessage("{\"names\":[\"" + name + "\"]}");
            request.setJMSReplyTo(replies);
            jms.createProducer().send(jms.createQueue("ReveilleBulkWakeRequests"), request);
            try (JMSConsumer consumer = jms.createConsumer(replies)) {
                Message reply = consumer.receive(30_000);
                assertNotNull(reply, "no reply within 30 s");
                job = ((JsonObject) parse(((TextMessage) reply).getText())).getJsonNumber("jobId").longValue();
            }
        }
        JsonObject entry = entry("wake-requested", "jms", "job " + job);
        assertEquals("jms", entry.getString("channel"));
        assertFalse(entry.containsKey("address") && !entry.isNull("address"), "JMS carries no client address: " + entry);
        assertTrue(entry.getJsonObject("detail").toString().contains(name), entry.toString());
    }

    @Test
    @Order(3)
    void settingsChangesRecordOldAndNewValues() {
        int before = get("/api/settings", ADMIN).json().getInt("pingCount");
        int after = before == 3 ? 4 : 3;
        assertEquals(200, put("/api/settings", "{\"pingCount\":" + after + "}", ADMIN).status());
        try {
            // this change's entry: another class may have changed settings while the testing clock ran ahead, and
            // such an entry, stamped in the future, lists first
            JsonObject entry = get("/api/audit?kind=settings-changed&user=admin&limit=1000", ADMIN).json().getJsonArray("items")
                    .getValuesAs(JsonObject.class).stream().filter(e -> e.getJsonObject("detail").containsKey("pingCount")).findFirst()
                    .orElseThrow(() -> new AssertionError("no settings-changed entry with pingCount"));
            assertRest(entry, "admin");
            JsonObject change = entry.getJsonObject("detail").getJsonObject("pingCount");
            assertEquals(before, change.getInt("old"), entry.toString());
            assertEquals(after, change.getInt("new"), entry.toString());
        } finally {
            put("/api/settings", "{\"pingCount\":" + before + "}", ADMIN);
        }
    }

    @Test
    @Order(4)
    void inventoryBoundaryAndCollectionChangesAreAudited() {
        String resourceId = "AUDIT-" + RUN + "-R1";
        Reply upsert = put("/api/inventory/machines", "{\"machines\":[{\"resourceId\":\"" + resourceId + "\",\"name\":\"AUDIT-" + RUN
                + "-M1\",\"chassis\":\"workstation\",\"nics\":[{\"mac\":\"02:74:00:00:00:01\",\"ip\":\"127.74.1.10\",\"subnet\":\"127.74.1.0/24\"}]}]}", INVENTORY);
        assertEquals(200, upsert.status(), upsert.body());
        JsonObject inventory = get("/api/audit?kind=inventory-changed&user=inventory&limit=50", ADMIN).json().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().filter(e -> e.getJsonObject("detail").toString().contains(resourceId)).findFirst()
                .orElseThrow(() -> new AssertionError("no inventory-changed entry naming " + resourceId));
        assertRest(inventory, "inventory");
        assertEquals(1, inventory.getJsonObject("detail").getInt("created"));

        Reply added = post("/api/boundaries", "{\"subnet\":\"127.74.0.0/16\",\"source\":\"audit-" + RUN + "\"}", ADMIN);
        assertEquals(201, added.status(), added.body());
        long boundary = added.json().getJsonNumber("id").longValue();
        assertRest(entry("boundary-added", "admin", "boundary " + boundary), "admin");
        // a refused change (the same boundary again: 409) leaves no entry
        long entries = count("boundary-added", "boundary " + boundary);
        assertEquals(409, post("/api/boundaries", "{\"subnet\":\"127.74.0.0/16\",\"source\":\"audit-" + RUN + "\"}", ADMIN).status());
        assertEquals(entries, count("boundary-added", "boundary " + boundary));
        assertEquals(204, delete("/api/boundaries/" + boundary, ADMIN).status());
        assertRest(entry("boundary-removed", "admin", "boundary " + boundary), "admin");

        String collection = "audit-" + RUN;
        assertEquals(201, put("/api/collections/" + collection, "{\"members\":[\"" + resourceId + "\"]}", ADMIN).status());
        JsonObject put = entry("collection-put", "admin", "collection " + collection);
        assertTrue(put.getJsonObject("detail").getBoolean("created"), put.toString());
        assertTrue(put.getJsonObject("detail").toString().contains(resourceId), put.toString());
        assertEquals(204, delete("/api/collections/" + collection, ADMIN).status());
        assertRest(entry("collection-deleted", "admin", "collection " + collection), "admin");
    }

    @Test
    @Order(5)
    void subnetChangesAndADeregistrationAreAudited() throws Exception {
        Reply added = post("/api/subnets", "{\"subnet\":\"127.74.7.0/24\"}", ADMIN);
        assertEquals(201, added.status(), added.body());
        long subnet = added.json().getJsonNumber("id").longValue();
        assertEquals("127.74.7.0/24", entry("subnet-added", "admin", "subnet " + subnet).getJsonObject("detail").getString("subnet"));
        assertEquals(202, post("/api/subnets/" + subnet + "/rescan", "", ADMIN).status());
        assertRest(entry("subnet-rescan-requested", "admin", "subnet " + subnet), "admin");

        // an agent registers itself on another subnet, and an administrator de-registers it
        Ipv4Address address = Ipv4Address.parse("127.74.9.10");
        ProtocolClient client = new ProtocolClient(new FrameCodec(SecurityContext.withKey(agentKey())), null, Duration.ofSeconds(3),
                Duration.ofSeconds(10)).bindingTo(address);
        Registration registration = new Registration("AUDIT-AGENT", List.of(address), Ipv4Address.parse("255.255.255.0"),
                MacAddress.parse("02:74:00:00:09:10"), ItPorts.AGENT, WireRole.MEMBER, WireRole.MEMBER, FrameCodec.VERSION, true);
        assertEquals(WireRole.PRIMARY, ((RoleChange) client.exchange(new InetSocketAddress("127.0.0.1", ItPorts.SERVER), registration)).role());
        long agent = get("/api/agents?limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getString("address").equals(address.toString())).findFirst().orElseThrow().getJsonNumber("id").longValue();
        assertEquals(204, delete("/api/agents/" + agent + "?rescan=false", ADMIN).status());
        JsonObject deregistered = entry("agent-deregistered", "admin", "agent " + agent);
        assertRest(deregistered, "admin");
        assertEquals(address.toString(), deregistered.getJsonObject("detail").getString("address"));
        assertEquals("primary", deregistered.getJsonObject("detail").getString("role"));

        assertEquals(204, delete("/api/subnets/" + subnet, ADMIN).status());
        assertRest(entry("subnet-removed", "admin", "subnet " + subnet), "admin");
        removeSubnets("127.74.");
    }

    @Test
    @Order(6)
    void aSignInLockOutIsAudited() {
        String user = "audit-lock-" + RUN;
        String[] wrong = {user, "wrong"};
        for (int i = 0; i < 10; i++) {
            assertEquals(401, get("/api/me", wrong).status());
        }
        JsonObject entry = entry("sign-in-locked-out", user, "user " + user);
        assertEquals("rest", entry.getString("channel"));
        assertEquals("127.0.0.1", entry.getString("address"));
        assertEquals(10, entry.getJsonObject("detail").getInt("failures"));
    }

    @Test
    @Order(7)
    void onlyAdministratorsReadTheTrailAndNobodyWritesIt() {
        assertEquals(401, get("/api/audit", null).status());
        assertEquals(403, get("/api/audit", OPERATOR).status());
        assertEquals(403, get("/api/audit", INVENTORY).status());
        assertEquals(403, get("/api/audit/export", OPERATOR).status());
        for (Reply write : List.of(post("/api/audit", "{}", ADMIN), put("/api/audit", "{}", ADMIN), delete("/api/audit", ADMIN),
                delete("/api/audit/1", ADMIN))) {
            assertTrue(write.status() == 404 || write.status() == 405, "no write path: " + write.status() + " " + write.body());
        }
        Reply badKind = get("/api/audit?kind=nonsense", ADMIN);
        assertEquals(400, badKind.status());
        assertTrue(badKind.contentType().startsWith("application/problem+json"), badKind.contentType());
        assertTrue(badKind.body().contains("wake-requested"), "names the kinds: " + badKind.body());
        assertEquals(400, get("/api/audit?from=yesterday", ADMIN).status());
        assertEquals(400, get("/api/audit?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", ADMIN).status());
        assertEquals(400, get("/api/audit?limit=0", ADMIN).status());
    }

    @Test
    @Order(8)
    void filtersAndPagingAndTheCsvExport() {
        Instant from = Instant.now();
        // bounded on both sides: entries another class made while the testing clock ran ahead are stamped in the future
        String window = "from=" + from + "&to=" + from.plus(Duration.ofMinutes(10));
        String collection = "audit-csv-" + RUN;
        for (int i = 0; i < 3; i++) {
            assertTrue(put("/api/collections/" + collection + "-" + i, "{\"members\":[\"R-" + i + "\"]}", ADMIN).status() / 100 == 2);
        }
        JsonObject page = get("/api/audit?kind=collection-put&" + window + "&limit=2", ADMIN).json();
        assertEquals(3, page.getInt("total"), page.toString());
        assertEquals(2, page.getJsonArray("items").size());
        assertEquals("collection " + collection + "-2", page.getJsonArray("items").getJsonObject(0).getString("subject"), "newest first");
        JsonObject second = get("/api/audit?kind=collection-put&" + window + "&offset=2&limit=2", ADMIN).json();
        assertEquals("collection " + collection + "-0", second.getJsonArray("items").getJsonObject(0).getString("subject"));
        assertEquals(0, get("/api/audit?kind=collection-put&" + window + "&user=operator", ADMIN).json().getInt("total"));

        Reply csv = get("/api/audit/export?kind=collection-put&" + window, ADMIN);
        assertEquals(200, csv.status(), csv.body());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        List<String> lines = csv.body().lines().toList();
        assertEquals("id,at,user,channel,address,kind,subject,detail,node", lines.get(0));
        assertEquals(4, lines.size(), csv.body());
        assertTrue(lines.get(1).contains(",admin,rest,127.0.0.1,collection-put,collection " + collection + "-2,"), lines.get(1));
        assertTrue(lines.get(1).contains("\"{\"\"created\"\":true,\"\"members\"\":[\"\"R-2\"\"]}\""), "the detail quoted as RFC 4180 says: " + lines.get(1));
        for (int i = 0; i < 3; i++) {
            assertEquals(204, delete("/api/collections/" + collection + "-" + i, ADMIN).status());
        }
    }

    /** Last: moves the server's testing clock, and removes every entry of the run so far. */
    @Test
    @Order(9)
    void theRetentionRemovesOldEntriesAndRecordsItself() throws InterruptedException {
        assertTrue(get("/api/audit?limit=1", ADMIN).json().getInt("total") > 0);
        int retention = get("/api/settings", ADMIN).json().getInt("auditRetentionDays");
        try {
            assertEquals(200, post("/api/testing/clock", "{\"advance\":\"P3D\"}", ADMIN).status());
            // lowering the retention applies it at once: everything older than two days (now three days later) goes
            assertEquals(200, put("/api/settings", "{\"auditRetentionDays\":2}", ADMIN).status());
            // the newest audit-purged entry, stamped by the moved clock (an earlier run on the same database has its own)
            Instant moved = Instant.now().plus(Duration.ofDays(2));
            Instant deadline = Instant.now().plusSeconds(30);
            JsonObject purged = null;
            while (purged == null && Instant.now().isBefore(deadline)) {
                // the items, not the total: the purge may remove an older run's entry between the page's count and its rows
                var items = get("/api/audit?kind=audit-purged&limit=1", ADMIN).json().getJsonArray("items");
                if (!items.isEmpty() && Instant.parse(items.getJsonObject(0).getString("at")).isAfter(moved)) {
                    purged = items.getJsonObject(0);
                } else {
                    Thread.sleep(200);
                }
            }
            assertNotNull(purged, "the retention ran on the change within 30 s");
            assertEquals("system", purged.getString("channel"), purged.toString());
            assertTrue(purged.getJsonObject("detail").getJsonNumber("removed").longValue() > 0, purged.toString());
            assertEquals(2, purged.getJsonObject("detail").getInt("retentionDays"));
            // what is left: the purge's own entry and the settings change that caused it (stamped three days later)
            JsonObject left = get("/api/audit?limit=1000", ADMIN).json();
            assertTrue(left.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .allMatch(e -> Instant.parse(e.getString("at")).isAfter(Instant.now().plus(Duration.ofDays(1)))), left.toString());
            assertEquals(0, count("collection-put", "collection audit-" + RUN));
        } finally {
            put("/api/settings", "{\"auditRetentionDays\":" + retention + "}", ADMIN);
            delete("/api/testing/clock", ADMIN);
        }
    }
}
