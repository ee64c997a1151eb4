package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reveille.net.Ipv4Address;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;

/**
 * The Agent State Manager on the real server with simulated agents (127.73.x.0/24): proactive additions inside
 * the boundaries, MaxSubnetsPerPoll batches oldest first until every subnet has its Primary and Alternate, stale
 * and expired subnets by the (test-controlled) clock, the on-demand strategy, and rescheduling by settings.
 */
@ExtendWith(ArquillianExtension.class)
class AgentStateManagerIT extends ServerTestSupport {

    private static final int SUBNETS = 24;   // plus one without agents: 25 new subnets
    private static FleetSimulator fleet;

    @BeforeAll
    static void startFleet() throws IOException {
        byte[] key = agentKey();
        fleet = FleetSimulator.start(FleetConfig.builder()
                .subnets(SUBNETS).firstSubnet(Ipv4Address.parse("127.73.1.0")).agentsPerSubnet(2).sleepingPerSubnet(2)
                .server("127.0.0.1", ItPorts.SERVER).agentPort(ItPorts.AGENT).sharedKey(key).heartbeatInterval(Duration.ofMinutes(30))
                .wolPort(ItPorts.of(24309)).probePort(ItPorts.of(24310)).build());
    }

    @AfterAll
    static void stopFleet() throws IOException {
        // other test classes share this server's database and clock: leave the settings, boundaries and clock as they were
        delete("/api/testing/clock", ADMIN);
        put("/api/settings", "{\"discoveryStrategy\":\"proactive\",\"maxSubnetsPerPoll\":10,\"heartbeatTimeoutSeconds\":180,"
                + "\"agentStateManagerEnabled\":true,\"agentStateManagerIntervalMinutes\":10}", ADMIN);
        get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(b -> b.getString("source").equals("asm-it"))
                .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
        try {
            // its subnets and agents carry times of the moved clock (weeks ahead): they go
            removeSubnets("127.73.");
            // the poll record's last poll, too, is weeks ahead, and would make every timer poll of the rest of the run
            // a skip ("another server just polled"): a poll now puts it back to the real time
            post("/api/agent-state-manager/poll", "", ADMIN);
        } finally {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    private static JsonObject poll() {
        Reply reply = post("/api/agent-state-manager/poll", "", ADMIN);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonObject("lastPoll");
    }

    /** Subnets of this test (127.73.x) in a state; other test classes share the server's database. */
    private static long count(String state) {
        return get("/api/subnets?limit=1000&state=" + state, OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class)
                .stream().filter(s -> s.getString("subnet").startsWith("127.73.")).count();
    }

    private static long healthyWithBothProxies() {
        return get("/api/subnets?limit=1000&state=healthy", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class)
                .stream().filter(s -> s.getString("subnet").startsWith("127.73.") && s.containsKey("primary") && s.containsKey("alternate")).count();
    }

    private static void awaitHealthy(long expected) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(90);
        while (healthyWithBothProxies() < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        assertEquals(expected, healthyWithBothProxies());
    }

    /** Subnets of this test (127.73.x) that were queued for discovery. */
    private static List<Long> discoveredIds() {
        return get("/api/subnets?limit=1000", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("subnet").startsWith("127.73.") && s.containsKey("discoveryQueuedAt"))
                .map(s -> s.getJsonNumber("id").longValue()).sorted().toList();
    }

    @Test
    void pollsDiscoverEverySubnetInBatchesThenMarkStaleAndDelete() throws Exception {
        // other test classes may have left subnets waiting: one large poll queues them first
        assertEquals(200, put("/api/settings", "{\"discoveryStrategy\":\"proactive\",\"maxSubnetsPerPoll\":100000,"
                + "\"agentStateManagerEnabled\":true,\"heartbeatTimeoutSeconds\":86400}", ADMIN).status());
        poll();
        assertEquals(200, put("/api/settings", "{\"maxSubnetsPerPoll\":10}", ADMIN).status());
        assertEquals(201, post("/api/boundaries", "{\"subnet\":\"127.73.0.0/16\",\"source\":\"asm-it\"}", ADMIN).status());
        assertEquals(200, put("/api/inventory/machines", fleet.inventoryJson(), INVENTORY).status());
        // outside every boundary: counted, never added
        assertEquals(200, put("/api/inventory/machines", "{\"machines\":[{\"resourceId\":\"ASM-OUT\",\"name\":\"ASM-OUT\","
                + "\"nics\":[{\"mac\":\"02:73:00:00:00:01\",\"ip\":\"127.74.1.10\",\"subnet\":\"127.74.1.0/24\"}]}]}", INVENTORY).status());
        // inside the boundaries, but nobody runs an agent there
        assertEquals(200, put("/api/inventory/machines", "{\"machines\":[{\"resourceId\":\"ASM-DARK\",\"name\":\"ASM-DARK\","
                + "\"nics\":[{\"mac\":\"02:73:00:00:00:02\",\"ip\":\"127.73.200.10\",\"subnet\":\"127.73.200.0/24\"}]}]}", INVENTORY).status());

        // 25 new subnets, ten per poll: 10, 10, 5, oldest first (equal age: in the order they were added)
        JsonObject first = poll();
        assertEquals(SUBNETS + 1, first.getInt("new"), first.toString());
        String list = get("/api/subnets?limit=1000", OPERATOR).body();
        for (var subnet : fleet.subnets()) {
            assertTrue(list.contains("\"" + subnet.cidr() + "\""), subnet.cidr() + " was added to the agent list");
        }
        assertTrue(list.contains("\"127.73.200.0/24\""), "the subnet without agents was added too");
        List<Long> ours = get("/api/subnets?limit=1000", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("subnet").startsWith("127.73.")).map(s -> s.getJsonNumber("id").longValue()).sorted().toList();
        assertEquals(10, first.getInt("queued"));
        assertEquals(15, first.getInt("remaining"));
        assertEquals(ours.subList(0, 10), discoveredIds(), "the ten oldest were queued");
        assertTrue(first.getInt("outOfBounds") >= 1);
        assertEquals(0, get("/api/subnets?limit=1000", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("subnet").startsWith("127.74.")).count(), "outside the boundaries: not in the agent list");

        JsonObject second = poll();
        assertEquals(0, second.getInt("new"));
        assertEquals(10, second.getInt("queued"));
        assertEquals(5, second.getInt("remaining"));
        assertEquals(ours.subList(0, 20), discoveredIds(), "then the next ten");
        JsonObject third = poll();
        assertEquals(5, third.getInt("queued"));
        assertEquals(0, third.getInt("remaining"));
        assertEquals(ours, discoveredIds());
        awaitHealthy(SUBNETS);
        Instant deadline = Instant.now().plusSeconds(30);
        while (count("unreachable") < 1 && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        assertEquals(1, count("unreachable"), "127.73.200.0/24 has nobody to answer");

        // four hours of silence: every healthy subnet is stale and queued again, ten per poll
        post("/api/testing/clock", "{\"advance\":\"PT4H\"}", ADMIN);
        JsonObject stale = poll();
        assertTrue(stale.getInt("stale") >= SUBNETS, stale.toString());
        assertEquals(10, stale.getInt("queued"));
        assertTrue(count("stale") >= SUBNETS - 10, "the subnets not queued by this poll wait, stale, for the next one");

        // thirty-one days later the unreachable subnet leaves the agent list
        post("/api/testing/clock", "{\"advance\":\"P31D\"}", ADMIN);
        JsonObject expired = poll();
        assertTrue(expired.getInt("deleted") >= 1, expired.toString());
        assertFalse(get("/api/subnets?limit=1000", OPERATOR).body().contains("127.73.200.0/24"));

        JsonObject status = get("/api/agent-state-manager", OPERATOR).json();
        assertEquals("manual", status.getString("lastTrigger"));
        assertTrue(status.getJsonNumber("polls").longValue() >= 5);
    }

    @Test
    void onDemandStrategyAddsNothingAndSettingsReschedule() {
        assertEquals(200, put("/api/settings", "{\"discoveryStrategy\":\"on-demand\"}", ADMIN).status());
        assertEquals(200, put("/api/inventory/machines", "{\"machines\":[{\"resourceId\":\"ASM-OD\",\"name\":\"ASM-OD\","
                + "\"nics\":[{\"mac\":\"02:73:00:00:00:03\",\"ip\":\"127.73.201.10\",\"subnet\":\"127.73.201.0/24\"}]}]}", INVENTORY).status());
        assertEquals(0, poll().getInt("new"));

        assertEquals(200, put("/api/settings", "{\"agentStateManagerIntervalMinutes\":60,\"agentStateManagerEnabled\":true}", ADMIN).status());
        Instant next = Instant.parse(get("/api/agent-state-manager", OPERATOR).json().getString("nextPollAt"));
        assertTrue(next.isAfter(Instant.now().plus(Duration.ofMinutes(55))) && next.isBefore(Instant.now().plus(Duration.ofMinutes(61))),
                "rescheduled to the new interval: " + next);
        assertEquals(200, put("/api/settings", "{\"agentStateManagerEnabled\":false}", ADMIN).status());
        assertFalse(get("/api/agent-state-manager", OPERATOR).json().containsKey("nextPollAt"), "disabled: no next poll");
        long polls = get("/api/agent-state-manager", OPERATOR).json().getJsonNumber("polls").longValue();
        Reply refused = post("/api/agent-state-manager/poll", "", ADMIN);
        assertEquals(409, refused.status(), "disabled: a poll does nothing: " + refused.body());
        assertTrue(refused.json().getString("detail").contains("disabled"), refused.body());
        assertEquals(polls, get("/api/agent-state-manager", OPERATOR).json().getJsonNumber("polls").longValue());
        assertEquals(200, put("/api/settings", "{\"agentStateManagerEnabled\":true,\"agentStateManagerIntervalMinutes\":10,\"discoveryStrategy\":\"proactive\"}", ADMIN).status());
        assertEquals(403, post("/api/agent-state-manager/poll", "", OPERATOR).status());
    }

    @Test
    void pollHistoryListsEveryPollNewestFirst() {
        assertEquals(200, post("/api/agent-state-manager/poll", "", ADMIN).status());
        Reply reply = post("/api/agent-state-manager/poll", "", ADMIN);
        assertEquals(200, reply.status(), reply.body());
        JsonObject polled = reply.json();
        long number = polled.getJsonNumber("polls").longValue();

        JsonObject page = get("/api/agent-state-manager/polls?limit=1000", OPERATOR).json();
        assertEquals(0, page.getInt("offset"));
        assertEquals(1000, page.getInt("limit"));
        var items = page.getJsonArray("items").getValuesAs(JsonObject.class);
        assertEquals(items.get(0).getJsonNumber("poll").longValue(), page.getJsonNumber("total").longValue(),
                "a fresh database: every poll since the first is in the history");
        for (int i = 1; i < items.size(); i++) {
            assertEquals(items.get(i - 1).getJsonNumber("poll").longValue() - 1, items.get(i).getJsonNumber("poll").longValue(), "newest first, none missing");
        }
        JsonObject mine = items.stream().filter(p -> p.getJsonNumber("poll").longValue() == number).findFirst().orElseThrow();
        assertEquals("manual", mine.getString("trigger"));
        assertEquals("reveille-a", mine.getString("server"), "the node name of the server (arquillian.xml)");
        // the same instants, once from memory (nanoseconds) and once from the database (microseconds)
        assertSameInstant(polled.getString("lastPollStartedAt"), mine.getString("startedAt"));
        assertSameInstant(polled.getString("lastPollFinishedAt"), mine.getString("finishedAt"));
        for (String count : new String[] {"new", "stale", "deleted", "queued", "remaining", "outOfBounds"}) {
            assertEquals(polled.getJsonObject("lastPoll").getInt(count), mine.getInt(count), count);
        }
        assertEquals(mine.getInt("queued"), mine.getJsonArray("queuedSubnets").size());

        JsonObject second = get("/api/agent-state-manager/polls?offset=1&limit=1", ADMIN).json();
        assertEquals(1, second.getJsonArray("items").size());
        assertEquals(items.get(1).getJsonNumber("poll"), second.getJsonArray("items").getJsonObject(0).getJsonNumber("poll"));
        Reply badLimit = get("/api/agent-state-manager/polls?limit=0", OPERATOR);
        assertEquals(400, badLimit.status());
        assertTrue(badLimit.contentType().startsWith("application/problem+json"), badLimit.contentType());
        assertEquals(403, get("/api/agent-state-manager/polls", INVENTORY).status());
    }

    private static void assertSameInstant(String expected, String actual) {
        assertTrue(Duration.between(Instant.parse(expected), Instant.parse(actual)).abs().toNanos() <= 1000, expected + " vs " + actual);
    }
}
