package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.Ack;
import org.reveille.protocol.WireRole;
import org.reveille.protocol.ErrorCode;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.FrameServer;
import org.reveille.protocol.GoingDown;
import org.reveille.protocol.ListenerRuntime;
import org.reveille.protocol.Message;
import org.reveille.protocol.MessageType;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.RegisterRequest;
import org.reveille.protocol.Registration;
import org.reveille.protocol.RemoteErrorException;
import org.reveille.protocol.SecurityContext;
import org.reveille.sim.DeadHostPlacement;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.SimulatedMachine;
import org.reveille.sim.SimulatedSubnet;

/**
 * The agent list over 50 simulated subnets (127.75.1-50.0/24, three real agents each, two dead hosts first in each
 * subnet), discovered by one Agent State Manager poll. The inventory decides what each group of ten looks like: two
 * live agents, one, none, dead hosts ahead of three agents, laptops listed before a workstation. Then the Last Man
 * Standing cases (docs/architecture.md#flow-failover-and-hand-over) and a returning former Primary
 * (docs/architecture.md#flow-a-returning-agent) on the live fleet, with the heartbeat timeout lowered to
 * {@value #TIMEOUT_SECONDS} s and agents heartbeating every second; and de-registration.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentListScenarioIT extends ServerTestSupport {

    private static final int TIMEOUT_SECONDS = 6;
    private static final String BOUNDARY = "127.75.0.0/16";

    private static FleetSimulator fleet;
    private static final Map<String, Long> ids = new HashMap<>();

    /** What the inventory shows of subnet {@code i} (0-based), and with which chassis. */
    private static List<SimulatedMachine> inventoryOf(int i, SimulatedSubnet subnet) {
        List<SimulatedMachine> agents = agents(subnet);
        Stream<SimulatedMachine> shown = switch (i / 10) {
            case 0 -> subnet.machines().stream().filter(m -> m.kind() != SimulatedMachine.Kind.AGENT || m != agents.get(2));
            case 1 -> subnet.machines().stream().filter(m -> m.kind() != SimulatedMachine.Kind.AGENT || m == agents.get(0));
            case 2 -> subnet.machines().stream().filter(m -> m.kind() != SimulatedMachine.Kind.AGENT);
            default -> subnet.machines().stream();
        };
        return shown.toList();
    }

    private static String chassisOf(int i, SimulatedSubnet subnet, SimulatedMachine m) {
        return switch (i / 10) {
            case 3 -> m.kind() == SimulatedMachine.Kind.DEAD ? "server" : "workstation";  // dead hosts first in the ping list
            case 4 -> m == agents(subnet).get(2) ? "workstation" : "laptop";              // laptops listed before it by address
            default -> "workstation";
        };
    }

    private static List<SimulatedMachine> agents(SimulatedSubnet subnet) {
        return subnet.machines(SimulatedMachine.Kind.AGENT);
    }

    private static SimulatedSubnet subnet(int i) {
        return fleet.subnets().get(i);
    }

    private static long id(int i) {
        return ids.get(subnet(i).cidr().toString());
    }

    private static String ip(int i, int agent) {
        return agents(subnet(i)).get(agent).ip().toString();
    }

    @BeforeAll
    static void discoverFiftySubnets() throws Exception {
        fleet = FleetSimulator.start(FleetConfig.builder()
                .subnets(50).firstSubnet(Ipv4Address.parse("127.75.1.0")).agentsPerSubnet(3).deadHostsPerSubnet(2)
                .deadHostPlacement(DeadHostPlacement.FIRST).sleepingPerSubnet(1).heartbeatInterval(Duration.ofSeconds(1))
                .server("127.0.0.1", ItPorts.SERVER).agentPort(ItPorts.AGENT).sharedKey(agentKey()).wolPort(ItPorts.of(24409)).probePort(ItPorts.of(24410)).build());
        List<SimulatedMachine> inventory = new ArrayList<>();
        Map<SimulatedMachine, String> chassis = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            for (SimulatedMachine m : inventoryOf(i, subnet(i))) {
                inventory.add(m);
                chassis.put(m, chassisOf(i, subnet(i), m));
            }
        }
        pushInventory(inventory, chassis::get);
        assertEquals(200, put("/api/settings", "{\"heartbeatTimeoutSeconds\":" + TIMEOUT_SECONDS
                + ",\"maxSubnetsPerPoll\":100,\"discoveryStrategy\":\"proactive\"}", ADMIN).status());
        assertEquals(201, post("/api/boundaries", "{\"subnet\":\"" + BOUNDARY + "\",\"source\":\"scenario-it\"}", ADMIN).status());

        Reply poll = post("/api/agent-state-manager/poll", "", ADMIN);
        assertEquals(200, poll.status(), poll.body());
        assertTrue(poll.json().getJsonObject("lastPoll").getInt("queued") >= 50, poll.body());

        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            List<JsonObject> ours = get("/api/subnets?limit=1000", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class)
                    .stream().filter(s -> s.getString("subnet").startsWith("127.75.")).toList();
            ours.forEach(s -> ids.put(s.getString("subnet"), s.getJsonNumber("id").longValue()));
            long settled = ours.stream().filter(s -> s.getString("state").equals("healthy") || s.getString("state").equals("unreachable")).count();
            if (settled == 50) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("only " + settled + " of 50 subnets discovered after 120 s: " + ours);
            }
            Thread.sleep(500);
        }
    }

    @AfterAll
    static void restore() throws IOException {
        try {
            put("/api/settings", "{\"heartbeatTimeoutSeconds\":180,\"maxSubnetsPerPoll\":10}", ADMIN);
            get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(b -> "scenario-it".equals(b.getString("source", "")))
                    .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
            removeSubnets("127.75.");
        } finally {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    private static JsonObject view(int i) {
        return get("/api/subnets/" + id(i), OPERATOR).json();
    }

    @Test
    @Order(1)
    void everyGroupGetsTheProxiesItsInventoryAllows() {
        for (int i = 0; i < 50; i++) {
            JsonObject v = view(i);
            String where = "subnet " + subnet(i).cidr() + ": " + v;
            switch (i / 10) {
                case 0, 3 -> {   // two live agents; dead hosts ahead of three agents: the first two agents, the third never asked
                    assertEquals("healthy", v.getString("state"), where);
                    assertEquals(ip(i, 0), proxy(v, "primary"), where);
                    assertEquals(ip(i, 1), proxy(v, "alternate"), where);
                    assertEquals(2, v.getInt("agents"), "discovery stops at two: " + where);
                }
                case 1 -> {      // one live agent: Primary only
                    assertEquals("healthy", v.getString("state"), where);
                    assertEquals(ip(i, 0), proxy(v, "primary"), where);
                    assertNull(proxy(v, "alternate"), where);
                }
                case 2 -> {      // nobody answers
                    assertEquals("unreachable", v.getString("state"), where);
                    assertNull(proxy(v, "primary"), where);
                    assertTrue(v.containsKey("unreachableSince"), where);
                }
                default -> {     // the workstation wins over laptops listed before it; then the laptops by address
                    assertEquals(ip(i, 2), proxy(v, "primary"), where);
                    assertEquals(ip(i, 0), proxy(v, "alternate"), where);
                }
            }
        }
        // the simulated agents agree with the server about their roles
        assertEquals(WireRole.PRIMARY, fleet.agent(agents(subnet(0)).get(0).ip()).role());
        assertEquals(WireRole.ALTERNATE, fleet.agent(agents(subnet(0)).get(1).ip()).role());
        assertEquals(WireRole.MEMBER, fleet.agent(agents(subnet(0)).get(2).ip()).role(), "never asked to register");
    }

    @Test
    @Order(2)
    void killedPrimaryIsReplacedWithoutWaitingForAPollAndReturnsAsAlternate() throws Exception {
        int i = 30;
        Ipv4Address former = agents(subnet(i)).get(0).ip();
        Instant killed = Instant.now();
        fleet.kill(former);   // a power cut: no GOING DOWN, only missing heartbeats
        JsonObject recovered = awaitSubnet(id(i), Duration.ofSeconds(4L * TIMEOUT_SECONDS),
                v -> ip(i, 1).equals(proxy(v, "primary")) && ip(i, 2).equals(proxy(v, "alternate")));
        Duration took = Duration.between(killed, Instant.now());
        System.out.printf("Primary %s killed: Alternate promoted and a new Alternate recruited after %d ms (heartbeat timeout %d s)%n",
                former, took.toMillis(), TIMEOUT_SECONDS);
        assertTrue(took.compareTo(Duration.ofSeconds(2L * TIMEOUT_SECONDS)) <= 0,
                "detected by the watchdog within the timeout plus one check, not at the next poll: " + took + " " + recovered);
        assertEquals(WireRole.PRIMARY, fleet.agent(agents(subnet(i)).get(1).ip()).role(), "the promoted agent was told");

        // a returning agent (docs/architecture.md#flow-a-returning-agent): the former Primary comes back while a
        // Primary exists: it becomes the Alternate, the old one is let go
        fleet.restart(former);
        awaitSubnet(id(i), Duration.ofSeconds(20), v -> former.toString().equals(proxy(v, "alternate")));
        assertEquals(ip(i, 1), proxy(view(i), "primary"), "the Primary is untouched");
        Ipv4Address previousAlternate = agents(subnet(i)).get(2).ip();
        awaitRole(previousAlternate, WireRole.MEMBER);
        awaitRole(former, WireRole.ALTERNATE);
    }

    @Test
    @Order(3)
    void primaryGoingDownHandsOverAtOnce() throws Exception {
        int i = 31;
        Instant stopped = Instant.now();
        fleet.shutDown(agents(subnet(i)).get(0).ip());   // orderly: GOING DOWN
        awaitSubnet(id(i), Duration.ofSeconds(TIMEOUT_SECONDS),
                v -> ip(i, 1).equals(proxy(v, "primary")) && ip(i, 2).equals(proxy(v, "alternate")));
        assertTrue(Duration.between(stopped, Instant.now()).compareTo(Duration.ofSeconds(TIMEOUT_SECONDS)) < 0,
                "GOING DOWN does not wait for the heartbeat timeout");
    }

    @Test
    @Order(4)
    void killedAlternateIsReplaced() throws Exception {
        int i = 32;
        fleet.kill(agents(subnet(i)).get(1).ip());
        JsonObject v = awaitSubnet(id(i), Duration.ofSeconds(4L * TIMEOUT_SECONDS), x -> ip(i, 2).equals(proxy(x, "alternate")));
        assertEquals(ip(i, 0), proxy(v, "primary"), "the Primary is untouched");
    }

    @Test
    @Order(5)
    void lastAgentKilledLeavesTheSubnetForRediscovery() throws Exception {
        int i = 10;   // one live agent in the inventory
        fleet.kill(agents(subnet(i)).get(0).ip());
        JsonObject v = awaitSubnet(id(i), Duration.ofSeconds(4L * TIMEOUT_SECONDS), x -> x.getString("state").equals("unreachable"));
        assertNull(proxy(v, "primary"), v.toString());
    }

    @Test
    @Order(6)
    void administratorDeregistersProxies() throws Exception {
        int i = 33;
        assertEquals(403, delete("/api/subnets/" + id(i) + "/primary", OPERATOR).status());
        Reply removed = delete("/api/subnets/" + id(i) + "/primary?rescan=false", ADMIN);
        assertEquals(204, removed.status(), removed.body());
        JsonObject v = view(i);
        assertEquals(ip(i, 1), proxy(v, "primary"), "the living Alternate is promoted: " + v);
        assertNull(proxy(v, "alternate"), v.toString());
        assertEquals(1, v.getInt("agents"), "the de-registered agent left the agent list");
        awaitRole(agents(subnet(i)).get(0).ip(), WireRole.MEMBER);
        awaitRole(agents(subnet(i)).get(1).ip(), WireRole.PRIMARY);

        Reply none = delete("/api/subnets/" + id(i) + "/alternate", ADMIN);
        assertEquals(404, none.status(), none.body());
        assertTrue(none.contentType().startsWith("application/problem+json"), none.contentType());
        assertEquals(404, delete("/api/agents/99999999", ADMIN).status());

        // with the default, the subnet is rediscovered and gets its Alternate back
        assertEquals(204, delete("/api/subnets/" + id(i + 1) + "/alternate", ADMIN).status());
        awaitSubnet(id(i + 1), Duration.ofSeconds(20), x -> x.containsKey("alternate") && x.getInt("agents") == 2);

        // a subnet whose agents were all de-registered can be removed
        long agentId = view(i).getJsonObject("primary").getJsonNumber("id").longValue();
        assertEquals(204, delete("/api/agents/" + agentId + "?rescan=false", ADMIN).status());
        assertEquals(204, delete("/api/subnets/" + id(i), ADMIN).status());
        assertEquals(404, get("/api/subnets/" + id(i), OPERATOR).status());
    }

    /**
     * Issue 11, item 3: the rediscovery a GOING DOWN starts must not recruit the agent that is leaving. The departing
     * Primary here is a stand-in on its address that keeps listening after its GOING DOWN (as a real agent does until
     * the ACK arrives, and longer), records every REGISTER and answers it as an agent would, with a REGISTRATION.
     */
    @Test
    @Order(7)
    void aDepartingPrimaryIsNeverACandidateOfTheDiscoveryItsDepartureStarts() throws Exception {
        int i = 35;   // dead hosts first, then three agents: agent 0 Primary, agent 1 Alternate, agent 2 a member
        Ipv4Address leaving = agents(subnet(i)).get(0).ip();
        assertEquals(leaving.toString(), proxy(view(i), "primary"));
        fleet.kill(leaving);
        FrameCodec codec = new FrameCodec(SecurityContext.withKey(agentKey()));
        ProtocolClient fromLeaving = new ProtocolClient(codec, null, Duration.ofSeconds(2), Duration.ofSeconds(15)).bindingTo(leaving);
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", ItPorts.SERVER);
        List<Instant> registers = new CopyOnWriteArrayList<>();
        List<Message> answers = new CopyOnWriteArrayList<>();
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (ListenerRuntime runtime = ListenerRuntime.create("departing-agent", 2, Duration.ofSeconds(30), null);
             FrameServer standIn = FrameServer.start(new InetSocketAddress(leaving.toInetAddress(), ItPorts.AGENT), codec, null,
                     EnumSet.of(MessageType.Channel.SERVER_TO_AGENT), (frame, peer) -> {
                         if (frame.message() instanceof RegisterRequest) {
                             registers.add(Instant.now());
                             background.submit(() -> answers.add(fromLeaving.exchange(server, new Registration("departing", List.of(leaving),
                                     Ipv4Address.parse("255.255.255.0"), agents(subnet(i)).get(0).mac(), ItPorts.AGENT, WireRole.PRIMARY,
                                     WireRole.MEMBER, FrameCodec.VERSION, true))));
                         }
                         return Ack.of("");
                     }, runtime)) {
            Message ack = fromLeaving.exchange(server, new GoingDown("departing", leaving, WireRole.PRIMARY, "orderly stop"));
            assertTrue(ack instanceof Ack, "GOING DOWN is acknowledged: " + ack);
            JsonObject v = awaitSubnet(id(i), Duration.ofSeconds(20),
                    x -> ip(i, 1).equals(proxy(x, "primary")) && ip(i, 2).equals(proxy(x, "alternate")));
            Thread.sleep(1000);   // a late REGISTER would show here
            assertEquals(List.of(), registers, "the discovery started by the departure asked the departing agent to register: " + answers);
            assertEquals(ip(i, 1), proxy(view(i), "primary"), v.toString());
            assertEquals(ip(i, 2), proxy(view(i), "alternate"), v.toString());

            // a registration answering a REGISTER sent before the GOING DOWN was handled is refused too
            RemoteErrorException refused = assertThrows(RemoteErrorException.class, () -> fromLeaving.exchange(server,
                    new Registration("departing", List.of(leaving), Ipv4Address.parse("255.255.255.0"), agents(subnet(i)).get(0).mac(),
                            ItPorts.AGENT, WireRole.PRIMARY, WireRole.MEMBER, FrameCodec.VERSION, true)));
            assertEquals(ErrorCode.UNEXPECTED_MESSAGE, refused.code(), refused.getMessage());
            assertEquals(ip(i, 2), proxy(view(i), "alternate"), "the departing agent took no role");
        } finally {
            background.shutdownNow();
        }
    }

    private static void awaitRole(Ipv4Address agent, WireRole role) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (fleet.agent(agent).role() != role) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("agent " + agent + " is " + fleet.agent(agent).role() + ", expected " + role);
            }
            Thread.sleep(100);
        }
    }
}
