package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.Ack;
import org.reveille.protocol.WireRole;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.Heartbeat;
import org.reveille.protocol.Message;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.SecurityContext;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.HostileConnections;
import org.reveille.sim.SimulatedMachine;
import org.reveille.sim.SimulatedSubnet;

/**
 * Issue 11, item 1: the server's agent listener under about 200 hostile connections (idle, two bytes, trickling; from
 * four 127.99.0.x addresses; reopened whenever the listener closes them) while real simulated agents heartbeat every
 * second, a subnet is discovered (its agents register) and a wake is reported by the agents' WAKE RESULTs. Every ACK
 * must arrive, nothing is refused or lost, heartbeat round trips stay small; afterwards the listener still serves.
 * Fleet 127.82.1-6.0/24 (two agents and three sleeping machines each); loopback only.
 */
@ExtendWith(ArquillianExtension.class)
class HostileListenerIT extends ServerTestSupport {

    private static final int HOSTILE = 200;
    private static final String BOUNDARY = "127.82.0.0/16";
    private static final int WOL_PORT = ItPorts.of(24709);
    private static final InetSocketAddress LISTENER = new InetSocketAddress("127.0.0.1", ItPorts.SERVER);

    private static FleetSimulator fleet;
    private static final List<Long> ids = new ArrayList<>();

    private static SimulatedSubnet subnet(int n) {
        return fleet.subnets().get(n - 1);
    }

    @BeforeAll
    static void fleetDiscoveredBeforeTheAttack() throws Exception {
        fleet = FleetSimulator.start(FleetConfig.builder()
                .subnets(6).firstSubnet(Ipv4Address.parse("127.82.1.0")).agentsPerSubnet(2).sleepingPerSubnet(3)
                .heartbeatInterval(Duration.ofSeconds(1)).server("127.0.0.1", ItPorts.SERVER).agentPort(ItPorts.AGENT).sharedKey(agentKey())
                .wolPort(WOL_PORT).probePort(ItPorts.of(24710)).build());
        pushInventory(fleet.machines(), m -> m.kind() == SimulatedMachine.Kind.AGENT ? "workstation" : "laptop");
        assertEquals(200, put("/api/settings", "{\"magicPacketPort\":" + WOL_PORT + ",\"wakeRateLimitPerSubnet\":0,"
                + "\"wakeRateLimitGlobal\":0,\"probeMethod\":\"tcp\",\"pingTimeoutMillis\":500}", ADMIN).status());
        assertEquals(201, post("/api/boundaries", "{\"subnet\":\"" + BOUNDARY + "\",\"source\":\"hostile-it\"}", ADMIN).status());
        for (int n = 1; n <= 5; n++) {   // subnet 6 is discovered during the attack
            Reply added = post("/api/subnets", "{\"subnet\":\"" + subnet(n).cidr() + "\"}", ADMIN);
            assertEquals(201, added.status(), added.body());
            ids.add(added.json().getJsonNumber("id").longValue());
        }
        for (long id : ids) {
            awaitSubnet(id, Duration.ofSeconds(60), v -> v.containsKey("primary") && v.containsKey("alternate"));
        }
    }

    @AfterAll
    static void restore() throws IOException {
        try {
            put("/api/settings", "{\"magicPacketPort\":9,\"wakeRateLimitPerSubnet\":50,\"wakeRateLimitGlobal\":1000,"
                    + "\"probeMethod\":\"icmp\",\"pingTimeoutMillis\":1000}", ADMIN);
            get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(b -> "hostile-it".equals(b.getString("source", "")))
                    .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
            removeSubnets("127.82.");
        } finally {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    @Test
    void realAgentsAreServedWhileHostileConnectionsAreHeld() throws Exception {
        FrameCodec codec = new FrameCodec(SecurityContext.withKey(agentKey()));
        ProtocolClient client = new ProtocolClient(codec, null, Duration.ofSeconds(3), Duration.ofSeconds(10));
        Path log = Path.of(System.getProperty("reveille.server.home"), "standalone", "log", "server.log");
        long logBefore = Files.size(log);
        List<Long> roundTrips = new ArrayList<>();
        int refused = 0;
        List<String> agentWarnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger agents = java.util.logging.Logger.getLogger("org.reveille.agent");
        java.util.logging.Handler watcher = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                String text = record.getMessage();
                if (text != null && (text.startsWith("Heartbeat to") || text.startsWith("Registration with")
                        || text.startsWith("Could not report wake results"))) {
                    agentWarnings.add(text);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        agents.addHandler(watcher);
        String hostileSummary;
        try (HostileConnections hostile = HostileConnections.start(LISTENER, HostileConnections.sources("127.99.0.1", 4), HOSTILE, 500)) {
            assertTrue(hostile.awaitOpen(HOSTILE * 9 / 10, Duration.ofSeconds(5)), "the hostile connections are held: " + hostile.summary());

            // a subnet discovered under attack: REGISTER to its agents, their REGISTRATIONs to the listener
            Reply added = post("/api/subnets", "{\"subnet\":\"" + subnet(6).cidr() + "\"}", ADMIN);
            assertEquals(201, added.status(), added.body());
            long sixth = added.json().getJsonNumber("id").longValue();

            // a wake whose results the Primaries report with WAKE RESULT
            List<SimulatedMachine> sleepers = new ArrayList<>();
            for (int n = 1; n <= 5; n++) {
                sleepers.addAll(subnet(n).machines(SimulatedMachine.Kind.SLEEPING));
            }
            Reply wake = post("/api/wake", "{\"macs\":" + sleepers.stream().map(m -> "\"" + m.mac() + "\"")
                    .collect(Collectors.joining(",", "[", "]")) + "}", OPERATOR);
            assertEquals(202, wake.status(), wake.body());
            long job = wake.json().getJsonNumber("jobId").longValue();

            // heartbeats of the registered Primaries and Alternates, 4 a second for 15 s, timed end to end
            List<Ipv4Address> proxies = new ArrayList<>();
            for (int n = 1; n <= 5; n++) {
                subnet(n).machines(SimulatedMachine.Kind.AGENT).forEach(m -> proxies.add(m.ip()));
            }
            for (int k = 0; k < 60; k++) {
                Ipv4Address agent = proxies.get(k % proxies.size());
                long t = System.nanoTime();
                try {
                    Message reply = client.bindingTo(agent).exchange(LISTENER, new Heartbeat("HOSTILE-IT", agent,
                            WireRole.ALTERNATE, 60_000, 0));
                    roundTrips.add((System.nanoTime() - t) / 1_000_000);
                    assertTrue(reply instanceof Ack ack && ack.detail().isEmpty(), "heartbeat of " + agent + " acknowledged: " + reply);
                } catch (IOException e) {
                    refused++;
                    System.out.println("HostileListenerIT: heartbeat of " + agent + " failed: " + e);
                }
                Thread.sleep(250);
            }
            JsonObject done = awaitResource("/api/jobs/" + job, Duration.ofSeconds(30), j -> j.getString("state").equals("done"));
            assertEquals(sleepers.size(), done.getJsonObject("counts").getJsonNumber("sent").longValue(),
                    "every WAKE RESULT arrived: " + done);
            assertEquals(List.of(), fleet.awaitWoken(sleepers.stream().map(SimulatedMachine::mac).toList(), Duration.ofSeconds(5)));
            awaitSubnet(sixth, Duration.ofSeconds(30), v -> v.containsKey("primary") && v.containsKey("alternate"));
            // the listener cuts them every 5 s (first-frame deadline) and they come back at once: still held now
            assertTrue(hostile.awaitOpen(HOSTILE * 8 / 10, Duration.ofSeconds(6)), "the attack went on all along: " + hostile.summary());
            assertTrue(hostile.closedByListener() > 0, "the listener closed connections that sent no frame: " + hostile.summary());
            hostileSummary = hostile.summary();
        } finally {
            agents.removeHandler(watcher);
        }
        Collections.sort(roundTrips);
        long p99 = roundTrips.get((int) Math.ceil(roundTrips.size() * 0.99) - 1);
        System.out.printf("HostileListenerIT: %s; %d heartbeats: median %d ms, p99 %d ms, max %d ms, %d failed%n", hostileSummary,
                roundTrips.size(), roundTrips.get(roundTrips.size() / 2), p99, roundTrips.get(roundTrips.size() - 1), refused);
        assertEquals(0, refused, "no heartbeat refused or lost");
        assertTrue(p99 < 500, "heartbeat round trips stay small under attack: p99 " + p99 + " ms " + roundTrips);

        // the simulated agents' own heartbeats, registrations and results: none failed during the attack
        assertEquals(List.of(), agentWarnings, "the simulated agents' exchanges with the server all succeeded");
        // the listener still serves afterwards, and it logged the hostile peers a few times a minute, not 200 times
        Ipv4Address agent = subnet(1).machines(SimulatedMachine.Kind.AGENT).get(0).ip();
        assertTrue(client.bindingTo(agent).exchange(LISTENER, new Heartbeat("HOSTILE-IT", agent, WireRole.PRIMARY, 60_000, 0))
                instanceof Ack);
        assertEquals(200, get("/health/ready", ADMIN).status());
        String lines = Files.readString(log).substring((int) Math.min(logBefore, Files.size(log)));
        Matcher deadline = Pattern.compile("REVEILLE00065").matcher(lines);
        int logged = 0;
        while (deadline.find()) {
            logged++;
        }
        assertTrue(logged >= 1 && logged <= 30, "first-frame deadline lines are rate-limited: " + logged);
        assertTrue(!lines.contains("REVEILLE00063"), "no connection refused: no address went over its limit");
        assertTrue(!lines.contains("BUSY"), "nothing answered BUSY");
    }
}
