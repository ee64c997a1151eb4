package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.RegisterRequest;
import org.reveille.protocol.Registration;
import org.reveille.protocol.SecurityContext;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.SimulatedSubnet;

/**
 * Real agents (the fleet simulator, on 127.71.x.0/24) registering with the real server's agent listener: the
 * first becomes Primary, the second Alternate, the rest members, also when they register at the same instant;
 * a Primary going down hands over to its Alternate; an unauthenticated peer changes nothing. REGISTER is sent here
 * the way AgentFinder sends it.
 */
@ExtendWith(ArquillianExtension.class)
class AgentRegistrationIT extends ServerTestSupport {

    private static FleetSimulator fleet;
    private static byte[] key;

    @BeforeAll
    static void startFleet() throws IOException {
        key = agentKey();
        fleet = FleetSimulator.start(FleetConfig.builder()
                .subnets(3).firstSubnet(Ipv4Address.parse("127.71.1.0")).agentsPerSubnet(3).sleepingPerSubnet(1)
                .server("127.0.0.1", ItPorts.SERVER).agentPort(ItPorts.AGENT).sharedKey(key).wolPort(ItPorts.of(24109)).probePort(ItPorts.of(24110)).build());
    }

    @AfterAll
    static void stopFleet() throws IOException {
        try {
            removeSubnets("127.71.");   // other test classes share the database
        } finally {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    private static void register(Ipv4Address agent) throws IOException {
        new ProtocolClient(new FrameCodec(SecurityContext.withKey(key)), null, Duration.ofSeconds(3), Duration.ofSeconds(10))
                .exchange(new InetSocketAddress(agent.toInetAddress(), ItPorts.AGENT), new RegisterRequest("", 0));
    }

    private static List<Ipv4Address> agentsOf(SimulatedSubnet subnet) {
        return new ArrayList<>(subnet.agents().keySet());
    }

    private static JsonObject subnetView(String cidr) {
        return get("/api/subnets?limit=1000", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("subnet").equals(cidr)).findFirst().orElse(null);
    }

    private static JsonObject await(String cidr, Predicate<JsonObject> condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        JsonObject view = null;
        while (Instant.now().isBefore(deadline)) {
            view = subnetView(cidr);
            if (view != null && condition.test(view)) {
                return view;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("subnet " + cidr + " never reached the expected state; last seen: " + view);
    }

    private static Map<String, String> rolesOn(String cidr) {
        return get("/api/agents?limit=1000", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getString("subnet").equals(cidr))
                .collect(Collectors.toMap(a -> a.getString("address"), a -> a.getString("role")));
    }

    @Test
    void firstPrimarySecondAlternateThenMembers() throws Exception {
        SimulatedSubnet subnet = fleet.subnets().get(0);
        String cidr = subnet.cidr().toString();
        List<Ipv4Address> agents = agentsOf(subnet);
        assertEquals(200, put("/api/inventory/machines", fleet.inventoryJson(), INVENTORY).status());
        for (Ipv4Address agent : agents) {
            register(agent);
            Thread.sleep(300);
        }
        JsonObject view = await(cidr, v -> v.containsKey("primary") && v.containsKey("alternate") && v.getInt("agents") == 3);
        assertEquals(agents.get(0).toString(), view.getJsonObject("primary").getString("address"));
        assertEquals(agents.get(1).toString(), view.getJsonObject("alternate").getString("address"));
        assertEquals("healthy", view.getString("state"));
        assertTrue(view.getJsonObject("primary").getBoolean("secure"));
        assertEquals("member", rolesOn(cidr).get(agents.get(2).toString()));
        assertEquals(org.reveille.protocol.WireRole.PRIMARY, fleet.agent(agents.get(0)).role(), "the agent itself was told");
        assertEquals(org.reveille.protocol.WireRole.ALTERNATE, fleet.agent(agents.get(1)).role());

        // GOING DOWN from the Primary: its Alternate is promoted at once, and told so
        fleet.shutDown(agents.get(0));
        JsonObject after = await(cidr, v -> v.containsKey("primary")
                && v.getJsonObject("primary").getString("address").equals(agents.get(1).toString()));
        assertTrue(!after.containsKey("alternate") || !after.getJsonObject("alternate").getString("address").equals(agents.get(0).toString()));
        Instant deadline = Instant.now().plusSeconds(10);
        while (fleet.agent(agents.get(1)).role() != org.reveille.protocol.WireRole.PRIMARY && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertEquals(org.reveille.protocol.WireRole.PRIMARY, fleet.agent(agents.get(1)).role());

        // and a new Alternate is recruited at once by rediscovery, without waiting for the Agent State Manager:
        // the stopped agent refuses, the new Primary keeps its role, the member becomes the Alternate
        JsonObject recruited = await(cidr, v -> v.containsKey("alternate"));
        assertEquals(agents.get(2).toString(), recruited.getJsonObject("alternate").getString("address"), recruited.toString());
    }

    @Test
    void concurrentRegistrationsNeverGiveTwoPrimaries() throws Exception {
        SimulatedSubnet subnet = fleet.subnets().get(1);
        String cidr = subnet.cidr().toString();
        List<Ipv4Address> agents = agentsOf(subnet);
        ExecutorService pool = Executors.newFixedThreadPool(agents.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> sent = new ArrayList<>();
            for (Ipv4Address agent : agents) {
                sent.add(pool.submit(() -> {
                    start.await();
                    register(agent);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        await(cidr, v -> v.getInt("agents") == 3);
        Map<String, String> roles = rolesOn(cidr);
        assertEquals(1, roles.values().stream().filter("primary"::equals).count(), roles.toString());
        assertEquals(1, roles.values().stream().filter("alternate"::equals).count(), roles.toString());
        assertEquals(1, roles.values().stream().filter("member"::equals).count(), roles.toString());
        assertEquals(1, get("/api/subnets?limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("subnet").equals(cidr)).count(), "one agent-list entry for the subnet");
    }

    @Test
    void unauthenticatedRegistrationIsRefusedAndChangesNothing() throws Exception {
        SimulatedSubnet subnet = fleet.subnets().get(2);
        Ipv4Address impostor = agentsOf(subnet).get(0);
        Registration forged = new Registration("IMPOSTOR", List.of(impostor), Ipv4Address.parse("255.255.255.0"),
                org.reveille.net.MacAddress.parse("02:00:00:00:00:99"),
                ItPorts.AGENT, org.reveille.protocol.WireRole.MEMBER, org.reveille.protocol.WireRole.PRIMARY, 1, false);
        ProtocolClient plain = new ProtocolClient(new FrameCodec(SecurityContext.plain()), null, Duration.ofSeconds(3), Duration.ofSeconds(5));
        assertThrows(IOException.class, () -> plain.exchange(new InetSocketAddress("127.0.0.1", ItPorts.SERVER), forged));
        Thread.sleep(500);
        assertEquals(null, subnetView(subnet.cidr().toString()), "no agent-list entry for an unauthenticated peer");
        assertFalse(get("/api/agents?limit=1000", ADMIN).body().contains("IMPOSTOR"));
    }

    @Test
    void garbageStreamIsDroppedAndLoggedWithItsAddress() throws Exception {
        long agentsBefore = get("/api/agents", ADMIN).json().getInt("total");
        long subnetsBefore = get("/api/subnets", ADMIN).json().getInt("total");
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", ItPorts.SERVER)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(garbage);
            socket.getOutputStream().flush();
            byte[] reply = socket.getInputStream().readAllBytes();   // at most an ERROR frame, then the server hangs up
            assertTrue(reply.length < 1024, "the server answers garbage with at most one short error: " + reply.length + " bytes");
        }
        java.nio.file.Path log = java.nio.file.Path.of(System.getProperty("reveille.server.home"), "standalone", "log", "server.log");
        Instant deadline = Instant.now().plusSeconds(5);
        while (!java.nio.file.Files.readString(log).contains("Refused frame from 127.0.0.1:") && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertTrue(java.nio.file.Files.readString(log).contains("Refused frame from 127.0.0.1:"), "the peer is logged with its address");
        assertEquals(agentsBefore, get("/api/agents", ADMIN).json().getInt("total"));
        assertEquals(subnetsBefore, get("/api/subnets", ADMIN).json().getInt("total"));
        // and the listener still serves real agents
        register(agentsOf(fleet.subnets().get(0)).get(0));
    }

    /**
     * Heartbeats are held in memory and written in batches every second: the agent list still shows them within
     * seconds, an unregistered agent still hears "not registered" at once, and so does a de-registered one.
     */
    @Test
    void heartbeatsRefreshLastSeenAndUnknownAgentsAreToldSo() throws Exception {
        Ipv4Address address = Ipv4Address.parse("127.71.9.10");
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", ItPorts.SERVER);
        ProtocolClient client = new ProtocolClient(new FrameCodec(SecurityContext.withKey(key)), null, Duration.ofSeconds(3),
                Duration.ofSeconds(10)).bindingTo(address);
        org.reveille.protocol.Heartbeat beat = new org.reveille.protocol.Heartbeat("HB-AGENT", address,
                org.reveille.protocol.WireRole.PRIMARY, 60_000, 0);
        assertEquals("not registered", ((org.reveille.protocol.Ack) client.exchange(server, beat)).detail());

        Registration registration = new Registration("HB-AGENT", List.of(address), Ipv4Address.parse("255.255.255.0"),
                org.reveille.net.MacAddress.parse("02:00:00:71:09:10"), ItPorts.AGENT, org.reveille.protocol.WireRole.MEMBER,
                org.reveille.protocol.WireRole.MEMBER, FrameCodec.VERSION, true);
        assertEquals(org.reveille.protocol.WireRole.PRIMARY,
                ((org.reveille.protocol.RoleChange) client.exchange(server, registration)).role());
        JsonObject agent = agentAt(address);
        Instant registeredSeen = Instant.parse(agent.getString("lastSeenAt"));

        Thread.sleep(2100);   // last-seen is kept to the second, rounded down: still more than 1 s after registration
        for (int i = 0; i < 3; i++) {
            assertEquals("", ((org.reveille.protocol.Ack) client.exchange(server, beat)).detail());
        }
        Instant deadline = Instant.now().plusSeconds(10);
        while (!Instant.parse(agentAt(address).getString("lastSeenAt")).isAfter(registeredSeen) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        Instant refreshed = Instant.parse(agentAt(address).getString("lastSeenAt"));
        assertTrue(refreshed.isAfter(registeredSeen.plusMillis(1000)), "lastSeenAt " + refreshed + " after registration at " + registeredSeen);
        assertEquals("healthy", subnetView("127.71.9.0/24").getString("state"));

        // Check agents: this "agent" is only a client, nothing listens on its agent port: reported, not hidden
        long subnetId = subnetView("127.71.9.0/24").getJsonNumber("id").longValue();
        JsonObject check = post("/api/subnets/" + subnetId + "/check", "", OPERATOR).json();
        assertEquals("127.71.9.0/24", check.getString("subnet"));
        assertEquals(1, check.getJsonArray("agents").size(), check.toString());
        JsonObject checked = check.getJsonArray("agents").getJsonObject(0);
        assertEquals("primary", checked.getString("role"));
        assertEquals(address.toString(), checked.getString("address"));
        assertFalse(checked.getBoolean("reachable"), checked.toString());
        assertTrue(checked.containsKey("problem") && !checked.getString("problem").isBlank(), checked.toString());
        assertEquals(404, post("/api/subnets/99999999/check", "", OPERATOR).status());
        assertEquals(403, post("/api/subnets/" + subnetId + "/check", "", INVENTORY).status());

        assertEquals(204, delete("/api/agents/" + agent.getJsonNumber("id").longValue() + "?rescan=false", ADMIN).status());
        assertEquals("not registered", ((org.reveille.protocol.Ack) client.exchange(server, beat)).detail(),
                "a de-registered agent is told at once, although its heartbeats were being held");
        assertEquals(null, agentAtOrNull(address), "and the held heartbeat did not bring its row back");
    }

    private static JsonObject agentAtOrNull(Ipv4Address address) {
        return get("/api/agents?limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getString("address").equals(address.toString())).findFirst().orElse(null);
    }

    private static JsonObject agentAt(Ipv4Address address) {
        JsonObject agent = agentAtOrNull(address);
        assertTrue(agent != null, "agent " + address + " is in the agent list");
        return agent;
    }

    @Test
    void filtersAndErrors() {
        assertEquals(400, get("/api/subnets?state=sleepy", OPERATOR).status());
        assertEquals(404, get("/api/subnets/999999", OPERATOR).status());
        assertEquals(403, get("/api/agents", INVENTORY).status());
        assertEquals(200, get("/api/subnets?state=healthy", OPERATOR).status());
    }
}
