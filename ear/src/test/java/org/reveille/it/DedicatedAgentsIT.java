package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.WireRole;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.SimulatedMachine;

/**
 * Dedicated agents (issue 16, item 3; docs/network.md "Dedicated agents"), end to end on 127.84.1.0/24: three real
 * agents heartbeating every second, the heartbeat timeout lowered to {@value #TIMEOUT_SECONDS} s. Discovery elects the
 * first two; the administrator pins the third, which becomes the only proxy and stays so through a rescan that would
 * otherwise elect an Alternate; killed, it keeps its role through an Agent State Manager poll that rediscovers the
 * subnet, and the subnet is reported degraded until it is back; with stand-ins allowed, elected agents take over while it is away and give its role back
 * when it returns; with no dedicated agents, the subnet is elected as always; pinning the Alternate makes it the
 * Primary at once.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DedicatedAgentsIT extends ServerTestSupport {

    private static final int TIMEOUT_SECONDS = 6;
    private static final String SUBNET = "127.84.1.0/24";

    private static FleetSimulator fleet;
    private static long subnetId;
    private static Ipv4Address first;
    private static Ipv4Address second;
    private static Ipv4Address pinned;

    @BeforeAll
    static void discoverTheSubnet() throws Exception {
        fleet = FleetSimulator.start(FleetConfig.builder().subnets(1).firstSubnet(Ipv4Address.parse("127.84.1.0")).agentsPerSubnet(3)
                .deadHostsPerSubnet(0).sleepingPerSubnet(1).heartbeatInterval(Duration.ofSeconds(1)).server("127.0.0.1", ItPorts.SERVER)
                .agentPort(ItPorts.AGENT).sharedKey(agentKey()).wolPort(ItPorts.of(24829)).probePort(ItPorts.of(24830)).build());
        List<SimulatedMachine> agents = fleet.machines(SimulatedMachine.Kind.AGENT);
        first = agents.get(0).ip();
        second = agents.get(1).ip();
        pinned = agents.get(2).ip();
        pushInventory(fleet.machines(), m -> "workstation");
        assertEquals(200, put("/api/settings", "{\"heartbeatTimeoutSeconds\":" + TIMEOUT_SECONDS
                + ",\"probeMethod\":\"tcp\",\"pingTimeoutMillis\":500}", ADMIN).status());
        assertEquals(201, post("/api/boundaries", "{\"subnet\":\"127.84.0.0/16\",\"source\":\"dedicated-agents-it\"}", ADMIN).status());
        Reply added = post("/api/subnets", "{\"subnet\":\"" + SUBNET + "\"}", ADMIN);
        assertEquals(201, added.status(), added.body());
        subnetId = added.json().getJsonNumber("id").longValue();
        JsonObject elected = awaitSubnet(subnetId, Duration.ofSeconds(60), v -> proxy(v, "primary") != null && proxy(v, "alternate") != null);
        assertEquals(first.toString(), proxy(elected, "primary"), "elected by ping-list order: " + elected);
        assertEquals(second.toString(), proxy(elected, "alternate"), elected.toString());
    }

    @AfterAll
    static void restore() throws IOException {
        try {
            put("/api/subnet-policies/dedicated-agents", "{\"subnet\":\"" + SUBNET + "\",\"agents\":[]}", ADMIN);
            put("/api/settings", "{\"heartbeatTimeoutSeconds\":180,\"probeMethod\":\"icmp\",\"pingTimeoutMillis\":1000,"
                    + "\"agentStateManagerIntervalMinutes\":10,\"maxSubnetsPerPoll\":10}", ADMIN);
            get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(b -> "dedicated-agents-it".equals(b.getString("source", "")))
                    .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
            for (Ipv4Address agent : List.of(first, second, pinned)) {
                get("/api/agents?limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                        .filter(a -> agent.toString().equals(a.getString("address")))
                        .forEach(a -> delete("/api/agents/" + a.getJsonNumber("id") + "?rescan=false", ADMIN));
            }
            removeSubnets("127.84.");
        } finally {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    private static JsonObject view() {
        return get("/api/subnets/" + subnetId, OPERATOR).json();
    }

    private static Reply dedicate(String body) {
        return put("/api/subnet-policies/dedicated-agents", body, ADMIN);
    }

    private static List<String> fields(Reply problem) {
        return problem.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream().map(e -> e.getString("field")).toList();
    }

    private static void awaitRole(Ipv4Address agent, WireRole role) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (fleet.agent(agent).role() != role) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("agent " + agent + " is " + fleet.agent(agent).role() + ", expected " + role);
            }
            Thread.sleep(100);
        }
    }

    /** reveille_subnets_degraded on the metrics endpoint. */
    private static double degradedGauge() {
        Reply metrics = getAbsolute(MANAGEMENT + "/metrics");
        assertEquals(200, metrics.status(), metrics.body());
        return metrics.body().lines().filter(l -> l.startsWith("reveille_subnets_degraded ") || l.startsWith("reveille_subnets_degraded{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Runs {@code trigger} and waits until the subnet's discovery it starts has finished (REVEILLE00036 once more). */
    private static void discovered(Runnable trigger) throws Exception {
        String line = "subnet-127.84.1.0 - Agents=";
        long before = countInServerLog(line);
        trigger.run();
        Instant deadline = Instant.now().plusSeconds(60);
        while (countInServerLog(line) <= before) {
            assertTrue(Instant.now().isBefore(deadline), "no discovery of " + SUBNET + " finished within 60 s");
            Thread.sleep(200);
        }
    }

    @Test
    @Order(1)
    void anAdministratorPinsAgentsWithEveryBadFieldNamed() {
        Reply bad = dedicate("{\"subnet\":\"" + SUBNET + "\",\"agents\":[\"127.84.2.9\",\"nonsense\",\"127.84.1.3\"]}");
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.contentType().startsWith("application/problem+json"), bad.contentType());
        assertEquals(List.of("agents[1]"), fields(bad), "parse errors first: " + bad.body());
        Reply three = dedicate("{\"subnet\":\"" + SUBNET + "\",\"agents\":[\"127.84.1.2\",\"127.84.1.3\",\"127.84.1.4\"]}");
        assertEquals(List.of("agents"), fields(three), three.body());
        Reply outside = dedicate("{\"subnet\":\"" + SUBNET + "\",\"agents\":[\"127.84.2.9\",\"127.84.1.255\"],\"standIn\":false}");
        assertEquals(List.of("agents[0]", "agents[1]"), fields(outside), outside.body());
        assertEquals(List.of("subnet", "agents"), fields(dedicate("{\"subnet\":\"127.84.1.1/24\"}")));
        assertEquals(List.of("standIn"), fields(dedicate("{\"subnet\":\"" + SUBNET + "\",\"agents\":[],\"standIn\":\"yes\"}")));
        assertEquals(403, put("/api/subnet-policies/dedicated-agents", "{\"subnet\":\"" + SUBNET + "\",\"agents\":[]}", OPERATOR).status());
        JsonObject untouched = view();
        assertEquals(List.of(), untouched.getJsonArray("dedicatedAgents").getValuesAs(jakarta.json.JsonString.class));
        assertEquals(first.toString(), proxy(untouched, "primary"), "a refused request changes nothing");
    }

    @Test
    @Order(2)
    void aDedicatedAgentIsTheOnlyProxyAndIsKeptThroughARescanAndAPoll() throws Exception {
        Reply set = dedicate("{\"subnet\":\"" + SUBNET + "\",\"agents\":[\"" + pinned + "\"]}");
        assertEquals(200, set.status(), set.body());
        assertEquals(List.of(pinned.toString()), set.json().getJsonArray("agents").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList());
        assertFalse(set.json().getBoolean("standIn"));
        JsonObject v = awaitSubnet(subnetId, Duration.ofSeconds(30), x -> pinned.toString().equals(proxy(x, "primary")) && proxy(x, "alternate") == null);
        assertEquals(List.of(pinned.toString()), v.getJsonArray("dedicatedAgents").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList());
        awaitRole(pinned, WireRole.PRIMARY);
        awaitRole(first, WireRole.MEMBER);   // told UNREGISTER: elected agents may not stand in
        awaitRole(second, WireRole.MEMBER);
        JsonObject audit = get("/api/audit?kind=subnet-dedicated-agents-changed&limit=1000", ADMIN).json().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().filter(e -> ("subnet " + SUBNET).equals(e.getString("subject", null))).findFirst()
                .orElseThrow(() -> new AssertionError("no subnet-dedicated-agents-changed entry for " + SUBNET));
        assertEquals(pinned.toString(), audit.getJsonObject("detail").getJsonArray("agents").getString(0));
        assertTrue(get("/api/subnet-policies?limit=1000", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .anyMatch(p -> SUBNET.equals(p.getString("subnet")) && p.getJsonArray("dedicatedAgents").size() == 1));

        // without the policy, a rediscovery of a subnet with no Alternate would elect one of the two living agents
        discovered(() -> assertEquals(202, post("/api/subnets/" + subnetId + "/rescan", "", ADMIN).status()));
        v = view();
        assertEquals(pinned.toString(), proxy(v, "primary"), v.toString());
        assertNull(proxy(v, "alternate"), "nobody elected beside the dedicated agent: " + v);
        assertFalse(v.containsKey("degradedSince"), v.toString());
        assertEquals(WireRole.MEMBER, fleet.agent(first).role());
        assertEquals(WireRole.MEMBER, fleet.agent(second).role());
    }

    @Test
    @Order(3)
    void aSilentDedicatedAgentKeepsItsRoleAndTheSubnetIsDegradedUntilItIsBack() throws Exception {
        long warnings = countInServerLog("REVEILLE00191");
        Instant killed = Instant.now();
        fleet.kill(pinned);   // a power cut: no GOING DOWN
        JsonObject v = awaitSubnet(subnetId, Duration.ofSeconds(5L * TIMEOUT_SECONDS), x -> x.containsKey("degradedSince"));
        assertTrue(Duration.between(killed, Instant.now()).compareTo(Duration.ofSeconds(3L * TIMEOUT_SECONDS)) < 0,
                "reported within the heartbeat timeout and a watchdog check");
        assertEquals(pinned.toString(), proxy(v, "primary"), "kept: nobody may stand in: " + v);
        assertNull(proxy(v, "alternate"), v.toString());
        assertTrue(countInServerLog("REVEILLE00191") > warnings, "the degradation is logged");
        Thread.sleep(2000L * TIMEOUT_SECONDS / 4);   // a few more watchdog checks: still kept, logged once
        assertEquals(pinned.toString(), proxy(view(), "primary"));
        assertEquals(warnings + 1, countInServerLog("REVEILLE00191"), "logged once, when it became degraded");

        // an Agent State Manager poll rediscovers a degraded subnet (once its last discovery is an interval old): the
        // silent Primary would be replaced by one of the two living agents, were it not dedicated
        // (every due subnet queued: subnets other tests left NEW must not push this one to a later poll)
        assertEquals(200, put("/api/settings", "{\"agentStateManagerIntervalMinutes\":1,\"agentStateManagerEnabled\":true,"
                + "\"maxSubnetsPerPoll\":1000}", ADMIN).status());
        Instant due = Instant.parse(view().getString("discoveryQueuedAt")).plusSeconds(61);
        while (Instant.now().isBefore(due)) {
            Thread.sleep(500);
        }
        discovered(() -> {
            Reply poll = post("/api/agent-state-manager/poll", "", ADMIN);
            assertEquals(200, poll.status(), poll.body());
        });
        JsonObject last = get("/api/agent-state-manager/polls?limit=1", ADMIN).json().getJsonArray("items").getJsonObject(0);
        assertTrue(last.getInt("queued") > 100 || last.getJsonArray("queuedSubnets").getValuesAs(jakarta.json.JsonString.class).stream()
                .anyMatch(c -> SUBNET.equals(c.getString())), "the poll queued the degraded subnet: " + last);
        v = view();
        assertEquals(pinned.toString(), proxy(v, "primary"), "kept through the poll: " + v);
        assertNull(proxy(v, "alternate"), "nobody elected: " + v);
        assertTrue(v.containsKey("degradedSince"), v.toString());
        assertEquals(WireRole.MEMBER, fleet.agent(first).role());
        assertEquals(WireRole.MEMBER, fleet.agent(second).role());
        assertTrue(degradedGauge() >= 1, "the gauge counts it (read every 15 s; degraded for over a minute now)");

        long recoveries = countInServerLog("REVEILLE00192");
        fleet.restart(pinned);   // back: it claims its former role and heartbeats again
        v = awaitSubnet(subnetId, Duration.ofSeconds(30), x -> !x.containsKey("degradedSince"));
        assertEquals(pinned.toString(), proxy(v, "primary"), v.toString());
        awaitRole(pinned, WireRole.PRIMARY);
        assertTrue(countInServerLog("REVEILLE00192") > recoveries, "the recovery is logged");
        assertEquals(WireRole.MEMBER, fleet.agent(first).role());
    }

    @Test
    @Order(4)
    void withStandInsElectedAgentsServeWhileTheDedicatedOneIsAwayAndGiveItsRoleBack() throws Exception {
        discovered(() -> assertEquals(200, dedicate("{\"subnet\":\"" + SUBNET + "\",\"agents\":[\"" + pinned + "\"],\"standIn\":true}").status()));
        JsonObject v = awaitSubnet(subnetId, Duration.ofSeconds(30), x -> proxy(x, "alternate") != null);
        assertEquals(pinned.toString(), proxy(v, "primary"), "the dedicated agent keeps the Primary role: " + v);
        String standIn = proxy(v, "alternate");
        assertNotEquals(pinned.toString(), standIn);

        fleet.kill(pinned);
        v = awaitSubnet(subnetId, Duration.ofSeconds(5L * TIMEOUT_SECONDS), x -> x.containsKey("degradedSince")
                && proxy(x, "primary") != null && !pinned.toString().equals(proxy(x, "primary")));
        assertEquals(standIn, proxy(v, "primary"), "the stand-in Alternate promoted: " + v);

        fleet.restart(pinned);   // it finds a Primary and asks for the Alternate role; being dedicated, it gets the Primary's
        v = awaitSubnet(subnetId, Duration.ofSeconds(30), x -> pinned.toString().equals(proxy(x, "primary")) && !x.containsKey("degradedSince"));
        awaitRole(pinned, WireRole.PRIMARY);
        awaitRole(Ipv4Address.parse(standIn), WireRole.MEMBER);
    }

    @Test
    @Order(5)
    void withoutDedicatedAgentsTheSubnetIsElectedAsAlways() throws Exception {
        discovered(() -> assertEquals(200, dedicate("{\"subnet\":\"" + SUBNET + "\",\"agents\":[]}").status()));
        JsonObject v = awaitSubnet(subnetId, Duration.ofSeconds(30), x -> proxy(x, "primary") != null && proxy(x, "alternate") != null);
        assertEquals(List.of(), v.getJsonArray("dedicatedAgents").getValuesAs(jakarta.json.JsonString.class));
        assertFalse(v.containsKey("degradedSince"));
        assertTrue(get("/api/subnet-policies?limit=1000", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .noneMatch(p -> SUBNET.equals(p.getString("subnet"))), "the default policy again");
    }

    @Test
    @Order(6)
    void pinningTheAlternateMakesItThePrimaryAtOnce() throws Exception {
        JsonObject before = view();
        String alternate = proxy(before, "alternate");
        String primary = proxy(before, "primary");
        Reply set = dedicate("{\"subnet\":\"" + SUBNET + "\",\"agents\":[\"" + alternate + "\"]}");
        assertEquals(200, set.status(), set.body());
        JsonObject v = awaitSubnet(subnetId, Duration.ofSeconds(30), x -> alternate.equals(proxy(x, "primary")) && proxy(x, "alternate") == null);
        assertFalse(v.containsKey("degradedSince"), v.toString());
        awaitRole(Ipv4Address.parse(alternate), WireRole.PRIMARY);   // told: ROLE CHANGE
        awaitRole(Ipv4Address.parse(primary), WireRole.MEMBER);      // told: UNREGISTER
    }
}
