package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reveille.net.Ipv4Address;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.Reception;
import org.reveille.sim.SimulatedMachine;

/**
 * Server-direct broadcast (issue 16, item 2; docs/network.md "Server-direct broadcast"), end to end: 127.83.1.0/24 is
 * a subnet without any Reveille agent (twelve sleeping machines and the segment's listener on 127.83.1.255),
 * 127.83.2.0/24 a subnet with two real agents. Policy never: the first subnet's targets fail "no agent on subnet";
 * when-no-agent: the server sends them itself, the targets say so, and the rate limits pace those packets too;
 * always-also: a target of the second subnet gets the agent's packet and the server's.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerDirectIT extends ServerTestSupport {

    private static final int WOL_PORT = ItPorts.of(24819);
    private static final String LONELY = "127.83.1.0/24";
    private static final String STAFFED = "127.83.2.0/24";

    private static FleetSimulator lonely;
    private static FleetSimulator staffed;
    private static long lonelyId;

    @BeforeAll
    static void startFleets() throws Exception {
        lonely = FleetSimulator.start(FleetConfig.builder().subnets(1).firstSubnet(Ipv4Address.parse("127.83.1.0")).agentsPerSubnet(0)
                .deadHostsPerSubnet(0).sleepingPerSubnet(12).server("127.0.0.1", ItPorts.SERVER).agentPort(ItPorts.AGENT)
                .sharedKey(agentKey()).wolPort(WOL_PORT).probePort(ItPorts.of(24820)).build());
        staffed = FleetSimulator.start(FleetConfig.builder().subnets(1).firstSubnet(Ipv4Address.parse("127.83.2.0")).agentsPerSubnet(2)
                .deadHostsPerSubnet(0).sleepingPerSubnet(2).server("127.0.0.1", ItPorts.SERVER).agentPort(ItPorts.AGENT)
                .sharedKey(agentKey()).wolPort(WOL_PORT).probePort(ItPorts.of(24820)).build());
        List<SimulatedMachine> inventory = new ArrayList<>(lonely.machines());
        inventory.addAll(staffed.machines());
        pushInventory(inventory, m -> m.kind() == SimulatedMachine.Kind.AGENT ? "workstation" : "laptop");
        assertEquals(200, put("/api/settings", "{\"magicPacketPort\":" + WOL_PORT + ",\"wakeRateLimitPerSubnet\":0,\"wakeRateLimitGlobal\":0,"
                + "\"probeMethod\":\"tcp\",\"pingTimeoutMillis\":500,\"wakeDiscoveryWaitSeconds\":1}", ADMIN).status());
        assertEquals(201, post("/api/boundaries", "{\"subnet\":\"127.83.0.0/16\",\"source\":\"server-direct-it\"}", ADMIN).status());
        Reply added = post("/api/subnets", "{\"subnet\":\"" + LONELY + "\"}", ADMIN);
        assertEquals(201, added.status(), added.body());
        lonelyId = added.json().getJsonNumber("id").longValue();
        Reply second = post("/api/subnets", "{\"subnet\":\"" + STAFFED + "\"}", ADMIN);
        assertEquals(201, second.status(), second.body());
        awaitSubnet(second.json().getJsonNumber("id").longValue(), Duration.ofSeconds(60), v -> v.containsKey("primary") && v.containsKey("alternate"));
    }

    @AfterAll
    static void restore() throws IOException {
        try {
            for (String subnet : List.of(LONELY, STAFFED)) {
                put("/api/subnet-policies", "{\"subnet\":\"" + subnet + "\",\"serverDirect\":\"never\"}", ADMIN);
            }
            put("/api/settings", "{\"magicPacketPort\":9,\"wakeRateLimitPerSubnet\":50,\"wakeRateLimitGlobal\":1000,"
                    + "\"probeMethod\":\"icmp\",\"pingTimeoutMillis\":1000,\"wakeDiscoveryWaitSeconds\":60}", ADMIN);
            get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(b -> "server-direct-it".equals(b.getString("source", "")))
                    .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
            removeSubnets("127.83.");
        } finally {
            try {
                if (lonely != null) {
                    lonely.close();
                }
            } finally {
                if (staffed != null) {
                    staffed.close();
                }
            }
        }
    }

    private static long wake(List<SimulatedMachine> machines) {
        String names = machines.stream().map(m -> "\"" + m.name() + "\"").collect(Collectors.joining(",", "[", "]"));
        Reply reply = post("/api/wake", "{\"names\":" + names + "}", OPERATOR);
        assertEquals(202, reply.status(), reply.body());
        return reply.json().getJsonNumber("jobId").longValue();
    }

    private static JsonObject done(long job) throws InterruptedException {
        return awaitResource("/api/jobs/" + job, Duration.ofSeconds(60), j -> j.getString("state").equals("done"));
    }

    private static List<JsonObject> targets(JsonObject job) {
        return job.getJsonArray("targets").getValuesAs(JsonObject.class);
    }

    private static List<String> fields(Reply problem) {
        return problem.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream().map(e -> e.getString("field")).toList();
    }

    @Test
    @Order(1)
    void aPolicyIsSetByAnAdministratorWithEveryBadFieldNamedAndAudited() {
        Reply bad = put("/api/subnet-policies", "{\"subnet\":\"" + LONELY + "\",\"serverDirect\":\"sometimes\"}", ADMIN);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.contentType().startsWith("application/problem+json"), bad.contentType());
        assertEquals(List.of("serverDirect"), fields(bad));
        assertTrue(bad.body().contains("never, when-no-agent, always-also"), bad.body());
        assertEquals(List.of("subnet", "serverDirect"), fields(put("/api/subnet-policies", "{\"subnet\":\"127.83.1.1/24\"}", ADMIN)));
        assertEquals(403, put("/api/subnet-policies", "{\"subnet\":\"" + LONELY + "\",\"serverDirect\":\"never\"}", OPERATOR).status());
        assertEquals(403, get("/api/subnet-policies", INVENTORY).status());
        JsonObject none = get("/api/subnet-policies?subnet=" + LONELY, OPERATOR).json().getJsonArray("items").getJsonObject(0);
        assertEquals("never", none.getString("serverDirect"), "the default, stored or not");
        assertEquals("never", get("/api/subnets/" + lonelyId, OPERATOR).json().getString("serverDirect"));
    }

    @Test
    @Order(2)
    void aSubnetWithoutAgentsFailsUnderNeverAndIsWokenByTheServerUnderWhenNoAgent() throws Exception {
        List<SimulatedMachine> three = lonely.machines(SimulatedMachine.Kind.SLEEPING).subList(0, 3);
        JsonObject refused = done(wake(three));
        assertEquals(3, refused.getJsonObject("counts").getInt("failed"), refused.toString());
        for (JsonObject target : targets(refused)) {
            assertTrue(target.getString("reason").contains("no agent on subnet " + LONELY), target.toString());
        }
        for (SimulatedMachine m : three) {
            assertNull(lonely.reception(m.mac()), "nothing sent for " + m.name());
        }

        Reply set = put("/api/subnet-policies", "{\"subnet\":\"" + LONELY + "\",\"serverDirect\":\"when-no-agent\"}", ADMIN);
        assertEquals(200, set.status(), set.body());
        assertEquals("when-no-agent", set.json().getString("serverDirect"));
        assertEquals("when-no-agent", get("/api/subnets/" + lonelyId, OPERATOR).json().getString("serverDirect"));
        assertTrue(get("/api/subnet-policies?limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .anyMatch(p -> LONELY.equals(p.getString("subnet")) && "when-no-agent".equals(p.getString("serverDirect"))));
        JsonObject audit = get("/api/audit?kind=subnet-policy-changed&limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class)
                .stream().filter(e -> ("subnet " + LONELY).equals(e.getString("subject", null))).findFirst()
                .orElseThrow(() -> new AssertionError("no subnet-policy-changed entry for " + LONELY));
        assertEquals("when-no-agent", audit.getJsonObject("detail").getString("serverDirect"));
        assertEquals("never", audit.getJsonObject("detail").getString("before"));

        JsonObject woken = done(wake(three));
        assertEquals(3, woken.getJsonObject("counts").getInt("sent"), woken.toString());
        assertEquals(List.of(), lonely.awaitWoken(three.stream().map(SimulatedMachine::mac).toList(), Duration.ofSeconds(10)),
                "every packet on the subnet's segment, from the server");
        for (JsonObject target : targets(woken)) {
            assertFalse(target.containsKey("sentBy"), "no agent sent it: " + target);
            assertTrue(target.getString("reason").contains("itself (directed broadcast): no agent on subnet " + LONELY), target.toString());
            List<JsonObject> paths = target.getJsonArray("paths").getValuesAs(JsonObject.class);
            assertEquals(1, paths.size(), target.toString());
            assertEquals("server", paths.get(0).getString("kind"));
            assertEquals("127.83.1.255", paths.get(0).getString("address"));
            assertTrue(paths.get(0).getBoolean("sent"));
        }
        assertTrue(countInServerLog("REVEILLE00189") > 0, "the server logged that it sent them itself");
    }

    @Test
    @Order(3)
    void theRateLimitsPaceTheServersOwnPackets() throws Exception {
        assertEquals(200, put("/api/settings", "{\"wakeRateLimitGlobal\":4}", ADMIN).status());
        try {
            List<SimulatedMachine> all = lonely.machines(SimulatedMachine.Kind.SLEEPING);
            long before = System.currentTimeMillis();
            JsonObject job = done(wake(all));
            assertEquals(12, job.getJsonObject("counts").getInt("sent"), job.toString());
            List<Long> times = new ArrayList<>();
            for (SimulatedMachine m : all) {
                Reception r = lonely.reception(m.mac());
                assertTrue(r != null && r.lastAtMillis() >= before, m.name() + " was sent by the server");
                times.add(r.lastAtMillis());
            }
            long span = times.stream().mapToLong(Long::longValue).max().orElseThrow() - times.stream().mapToLong(Long::longValue).min().orElseThrow();
            assertTrue(span >= 2500, "12 packets at 4/s take at least 2.75 s, took " + span + " ms");
        } finally {
            put("/api/settings", "{\"wakeRateLimitGlobal\":0}", ADMIN);
        }
    }

    @Test
    @Order(4)
    void alwaysAlsoSendsFromTheServerBesideTheAgent() throws Exception {
        assertEquals(200, put("/api/subnet-policies", "{\"subnet\":\"" + STAFFED + "\",\"serverDirect\":\"always-also\"}", ADMIN).status());
        List<SimulatedMachine> two = staffed.machines(SimulatedMachine.Kind.SLEEPING);
        JsonObject job = done(wake(two));
        assertEquals(2, job.getJsonObject("counts").getInt("sent"), job.toString());
        List<String> agents = staffed.machines(SimulatedMachine.Kind.AGENT).stream().map(m -> m.ip().toString()).toList();
        for (JsonObject target : targets(job)) {
            assertTrue(agents.contains(target.getString("sentBy")), "the agent took it: " + target);
            assertEquals(List.of("subnet 127.83.2.255", "server 127.83.2.255"), target.getJsonArray("paths").getValuesAs(JsonObject.class)
                    .stream().map(p -> p.getString("kind") + " " + p.getString("address")).toList(), target.toString());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (SimulatedMachine m : two) {
            while (staffed.reception(m.mac()) == null || staffed.reception(m.mac()).packets() < 2) {
                assertTrue(System.nanoTime() < deadline, m.name() + ": " + (staffed.reception(m.mac()) == null ? 0
                        : staffed.reception(m.mac()).packets()) + " packets, expected the agent's and the server's");
                Thread.sleep(50);
            }
        }
    }
}
