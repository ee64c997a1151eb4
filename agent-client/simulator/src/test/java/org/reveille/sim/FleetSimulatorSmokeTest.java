package org.reveille.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.Ack;
import org.reveille.protocol.WireRole;
import org.reveille.protocol.AgentStatus;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.StatusRequest;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.TargetResult;
import org.reveille.protocol.WakeResult;
import org.reveille.protocol.BatchTarget;
import org.reveille.testing.StandInServer;

/** 50 simulated subnets on 127.40.0.0-127.40.49.255: every sleeping machine's packets must be observed. */
class FleetSimulatorSmokeTest {

    private static FleetSimulator fleet;
    private static StandInServer server;
    private static final ProtocolClient SERVER_SIDE = new ProtocolClient(new FrameCodec(SecurityContext.plain()), null,
            Duration.ofSeconds(2), Duration.ofSeconds(10));

    @BeforeAll
    static void startFleet() throws IOException {
        server = new StandInServer(SecurityContext.plain());
        fleet = FleetSimulator.start(FleetConfig.builder().subnets(50).firstSubnet(Ipv4Address.parse("127.40.0.0"))
                .agentsPerSubnet(2).deadHostsPerSubnet(1).sleepingPerSubnet(20).agentPort(1776).probePort(25776)
                .wolPort(24009).server("127.0.0.1", server.port()).build());
    }

    @AfterAll
    static void stopFleet() throws IOException {
        fleet.close();
        server.close();
    }

    @Test
    void describesItsInventoryInTheServersRestFormat() {
        String json = fleet.inventoryJson();
        assertEquals(50 * 23, count(json, "\"resourceId\""));
        assertTrue(json.startsWith("{\"machines\":[{\"resourceId\":\"R-127.40.0.10\",\"name\":\"PC-127-40-0-10\","
                + "\"chassis\":\"workstation\",\"nics\":[{\"mac\":\"02:00:7f:28:00:0a\",\"ip\":\"127.40.0.10\","
                + "\"subnet\":\"127.40.0.0/24\"}]}"), json.substring(0, 300));
        // The dead host comes first in the server's ping list: a server.
        assertTrue(json.contains("{\"resourceId\":\"R-127.40.0.12\",\"name\":\"PC-127-40-0-12\",\"chassis\":\"server\""));
        assertTrue(json.endsWith("\"subnet\":\"127.40.49.0/24\"}]}]}"));
        for (String chassis : List.of("workstation", "laptop", "server")) {
            assertTrue(json.contains("\"chassis\":\"" + chassis + "\""), chassis);
        }
    }

    @Test
    void deadHostsRefuseConnectionsAndAgentsAnswer() throws IOException {
        try (Socket socket = new Socket()) {
            assertThrows(ConnectException.class, () -> socket.connect(new InetSocketAddress("127.40.3.12", 1776), 1000));
        }
        AgentStatus status = (AgentStatus) SERVER_SIDE.exchange(new InetSocketAddress("127.40.3.10", 1776),
                new StatusRequest());
        assertEquals("PC-127-40-3-10", status.machineName());
    }

    @Test
    void everySleepingMachineReceivesItsMagicPackets() throws Exception {
        ExecutorService dispatcher = Executors.newFixedThreadPool(8);
        try {
            List<Future<Ack>> acks = fleet.subnets().stream().map(subnet -> dispatcher.submit(() -> {
                List<BatchTarget> targets = subnet.machines(SimulatedMachine.Kind.SLEEPING).stream()
                        .map(m -> BatchTarget.of(m.mac())).collect(Collectors.toList());
                Ipv4Address agent = subnet.machines(SimulatedMachine.Kind.AGENT).get(0).ip();
                return (Ack) SERVER_SIDE.exchange(new InetSocketAddress(agent.toInetAddress(), 1776),
                        new WakeBatch("smoke-" + subnet.cidr(), 0, 0, targets));
            })).collect(Collectors.toList());
            for (Future<Ack> ack : acks) {
                assertEquals(20, ack.get().accepted());
            }
        } finally {
            dispatcher.shutdown();
        }
        List<MacAddress> sleeping = fleet.machines(SimulatedMachine.Kind.SLEEPING).stream().map(SimulatedMachine::mac)
                .collect(Collectors.toList());
        assertEquals(1000, sleeping.size());
        assertEquals(List.of(), fleet.awaitWoken(sleeping, Duration.ofSeconds(10)));
        FleetReport report = fleet.report();
        assertEquals(1000, report.woken(), report.summary());
        for (FleetReport.Entry entry : report.entries()) {
            String expectedAgent = entry.machine().subnet().networkAddress().plus(10).toString();
            assertEquals(expectedAgent, entry.from(), "sent by the subnet's own agent: " + entry.machine().name());
        }
        assertTrue(report.toJson().contains("\"woken\":1000"));
        int reported = 0;
        while (reported < 1000) {
            WakeResult result = server.await(WakeResult.class, Duration.ofSeconds(10));
            assertTrue(result.results().stream().allMatch(r -> r.outcome() == TargetResult.Outcome.SENT));
            reported += result.results().size();
        }
        assertEquals(1000, reported, "every target's result reached the server");
    }

    @Test
    void killsAndRestartsAnAgentOnCommand() throws Exception {
        Ipv4Address address = Ipv4Address.parse("127.40.7.11");
        fleet.kill(address);
        assertEquals(99, fleet.runningAgents());
        assertThrows(ConnectException.class, () -> SERVER_SIDE.exchange(new InetSocketAddress("127.40.7.11", 1776),
                new StatusRequest()));
        fleet.restart(address);
        AgentStatus status = (AgentStatus) SERVER_SIDE.exchange(new InetSocketAddress("127.40.7.11", 1776),
                new StatusRequest());
        assertEquals(WireRole.MEMBER, status.role());
        assertEquals(100, fleet.runningAgents());
        assertInstanceOf(Ack.class, SERVER_SIDE.exchange(new InetSocketAddress("127.40.7.11", 1776),
                new org.reveille.protocol.RoleChange(WireRole.ALTERNATE, "test")));
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
