package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.reveille.it.ServerTestSupport.Reply;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.Reception;
import org.reveille.sim.SimulatedMachine;

/**
 * Issue 13, item 8: a Reveille server on the standalone primary/backup broker pair (artemis-config/broker-pair.sh,
 * docs/cluster.md) loses its primary broker in the middle of a wake job, and the job completes through the backup with
 * no target lost. Black-box: the pair, the server (the build's remote-broker installation, H2 in its own data
 * directory) and a simulated fleet are real processes and sockets on loopback; the primary is killed with SIGKILL.
 * The figures (time to recover, targets sent twice) are printed and written to target/broker-failover.txt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerFailoverIT {

    private static final String[] ADMIN = ServerTestSupport.ADMIN;
    private static final String[] INVENTORY = ServerTestSupport.INVENTORY;
    private static final int PRIMARY_PORT = ItPorts.of(61626);
    private static final int BACKUP_PORT = ItPorts.of(61726);
    /** Above TwoServersIT's second server (+100). */
    private static final int PORT_OFFSET = ItPorts.OFFSET + 200;
    private static final String LISTENER = "127.0.0.3";
    private static final int LISTENER_PORT = ItPorts.of(1787);
    private static final int WOL_PORT = ItPorts.of(24530);
    private static final int SUBNETS = 20;
    private static final int SLEEPING_PER_SUBNET = 100;
    /** Magic packets a second for the whole server: the job lasts long enough to lose its broker in the middle. */
    private static final int RATE = 150;

    private static Path target;
    private static Path brokers;
    private static SecondServer server;
    private static FleetSimulator fleet;

    @BeforeAll
    static void startPairServerAndFleet() throws Exception {
        Assumptions.assumeFalse(ServerTestSupport.onPostgreSql(),
                "the broker pair's server keeps its own H2 database: it runs once, in the H2 execution");
        target = Path.of(System.getProperty("reveille.ear")).getParent();
        brokers = target.resolve("it-brokers");
        pair("stop");   // a pair an aborted run left behind
        deleteTree(brokers);
        Files.deleteIfExists(target.resolve("broker-failover.txt"));
        pair("create", "--home", System.getProperty("reveille.artemis.home"), "--port", Integer.toString(PRIMARY_PORT),
                "--backup-port", Integer.toString(BACKUP_PORT), "--memory", "256m", "--dev-users");
        pair("start");
        server = SecondServer.start(Path.of(System.getProperty("reveille.remote-broker-server.home")),
                Path.of(System.getProperty("reveille.ear")), target.resolve("server-remote-broker"), "reveille-r", PORT_OFFSET, LISTENER,
                "-Dreveille.broker.password=reveille-broker -Dreveille.broker.primary.port=" + PRIMARY_PORT
                        + " -Dreveille.broker.backup.port=" + BACKUP_PORT, Duration.ofSeconds(180));
        Reply settings = ServerTestSupport.putAt(server.base(), "/api/settings", "{\"serverPort\":" + LISTENER_PORT + ",\"agentPort\":" + ItPorts.AGENT
                + ",\"magicPacketPort\":" + WOL_PORT + ",\"wakeRateLimitPerSubnet\":0,\"wakeRateLimitGlobal\":" + RATE
                + ",\"probeMethod\":\"tcp\",\"pingTimeoutMillis\":500}", ADMIN);
        assertEquals(200, settings.status(), settings.body());

        byte[] key = Files.readString(target.resolve("server-remote-broker").resolve("data").resolve("reveille-agent.key"),
                StandardCharsets.UTF_8).lines().findFirst().orElseThrow().strip().getBytes(StandardCharsets.UTF_8);
        fleet = FleetSimulator.start(FleetConfig.builder()
                .subnets(SUBNETS).firstSubnet(Ipv4Address.parse("127.85.1.0")).agentsPerSubnet(2).sleepingPerSubnet(SLEEPING_PER_SUBNET)
                .server(LISTENER, LISTENER_PORT).agentPort(ItPorts.AGENT).sharedKey(key)
                .wolPort(WOL_PORT).probePort(ItPorts.of(24531)).build());
        String machines = fleet.machines().stream().map(m -> String.format(
                "{\"resourceId\":\"%s\",\"name\":\"%s\",\"chassis\":\"%s\",\"nics\":[{\"mac\":\"%s\",\"ip\":\"%s\",\"subnet\":\"%s\"}]}",
                m.resourceId(), m.name(), m.kind() == SimulatedMachine.Kind.AGENT ? "workstation" : "laptop", m.mac(), m.ip(), m.subnet()))
                .collect(Collectors.joining(",", "{\"machines\":[", "]}"));
        Reply pushed = ServerTestSupport.putAt(server.base(), "/api/inventory/machines", machines, INVENTORY);
        assertEquals(200, pushed.status(), pushed.body());
        Reply boundary = post("/api/boundaries", "{\"subnet\":\"127.85.0.0/16\",\"source\":\"broker-failover-it\"}");
        assertEquals(201, boundary.status(), boundary.body());
        List<Long> ids = new ArrayList<>();
        for (var subnet : fleet.subnets()) {
            Reply added = post("/api/subnets", "{\"subnet\":\"" + subnet.cidr() + "\"}");
            assertEquals(201, added.status(), added.body());
            ids.add(added.json().getJsonNumber("id").longValue());
        }
        for (long id : ids) {
            await("/api/subnets/" + id, Duration.ofSeconds(120), v -> v.containsKey("primary") && v.containsKey("alternate"));
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            if (fleet != null) {
                fleet.close();
            }
        } finally {
            try {
                if (server != null) {
                    server.close();
                    Path reports = target.resolve("failsafe-reports");
                    Files.createDirectories(reports);
                    Files.copy(server.serverLog(), reports.resolve("BrokerFailoverIT-server.log"), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                if (brokers != null && Files.exists(brokers)) {
                    pair("stop");
                }
            }
        }
    }

    @Test
    @Order(1)
    void aJobCompletesThroughTheBackupWhenThePrimaryBrokerIsKilled() throws Exception {
        wakeAllLosingTheActiveBroker("primary broker killed (SIGKILL)", () -> pair("kill", "primary"), "backup");
    }

    /**
     * After the crash the backup is active; the primary comes back in the middle of the next job and takes over again
     * (fail-back: the backup hands its journal over and waits as backup again), moving the servers' connections.
     */
    @Test
    @Order(2)
    void aJobCompletesWhileThePrimaryComesBackAndTakesOver() throws Exception {
        wakeAllLosingTheActiveBroker("primary broker restarted (fail-back from the backup)", () -> pair("start", "primary"), "primary");
    }

    /** The pair is whole again after the fail-back: the primary crashes once more and the backup takes over again. */
    @Test
    @Order(3)
    void theBackupTakesOverAgainAfterTheFailBack() throws Exception {
        wakeAllLosingTheActiveBroker("primary broker killed again (SIGKILL) after its fail-back", () -> pair("kill", "primary"), "backup");
    }

    /** Wakes every sleeping machine; when a quarter is sent, {@code failure} takes the active broker away. */
    private void wakeAllLosingTheActiveBroker(String failureName, Failure failure, String takesOver) throws Exception {
        List<SimulatedMachine> sleepers = fleet.machines(SimulatedMachine.Kind.SLEEPING);
        Map<MacAddress, Long> packetsBefore = sleepers.stream().collect(Collectors.toMap(SimulatedMachine::mac, m -> packets(List.of(m))));
        long before = packetsBefore.values().stream().mapToLong(Long::longValue).sum();
        Path takeOverLog = brokers.resolve(takesOver).resolve("log").resolve("console.log");
        long takeOverLines = lines(takeOverLog);
        Instant submitted = Instant.now();
        Reply accepted = post("/api/wake", "{\"resourceIds\":" + sleepers.stream().map(m -> "\"" + m.resourceId() + "\"")
                .collect(Collectors.joining(",", "[", "]")) + "}");
        assertEquals(202, accepted.status(), accepted.body());
        long job = accepted.json().getJsonNumber("jobId").longValue();

        // a quarter of the packets out: the broker goes
        JsonObject atFailure = await("/api/jobs/" + job, Duration.ofSeconds(60), j -> count(j, "sent") >= sleepers.size() / 4);
        assertEquals("running", atFailure.getString("state"), "the job must still be running when the broker goes: " + atFailure.getJsonObject("counts"));
        Instant failed = Instant.now();
        failure.run();

        // the other broker takes over, and sending goes on through it: the longest pause between two packets from the
        // failure to the last packet is what the failover cost the job
        Instant deadline = failed.plusSeconds(240);
        Instant lastPacket = failed;
        Duration longestPause = Duration.ZERO;
        long seen = packets(sleepers);
        while (seen < before + sleepers.size() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            long now = packets(sleepers);
            if (now > seen) {
                Duration pause = Duration.between(lastPacket, Instant.now());
                longestPause = pause.compareTo(longestPause) > 0 ? pause : longestPause;
                lastPacket = Instant.now();
                seen = now;
            }
        }
        assertTrue(logged(takeOverLog, takeOverLines, "AMQ221007"), "the " + takesOver + " became active");

        JsonObject done = await("/api/jobs/" + job, Duration.ofSeconds(240), j -> "done".equals(j.getString("state")));
        Duration took = Duration.between(submitted, Instant.now());
        JsonObject counts = done.getJsonObject("counts");
        assertEquals(sleepers.size(), done.getInt("total"));
        assertEquals(sleepers.size(), counts.getInt("sent"), "every target sent, none lost: " + counts);

        Map<Long, Long> byPackets = sleepers.stream().collect(Collectors.groupingBy(
                m -> packets(List.of(m)) - packetsBefore.get(m.mac()), java.util.TreeMap::new, Collectors.counting()));
        assertEquals(null, byPackets.get(0L), "every machine received its magic packet: " + byPackets);
        long twice = byPackets.entrySet().stream().filter(e -> e.getKey() > 1).mapToLong(Map.Entry::getValue).sum();
        String figures = String.format("BrokerFailoverIT: %d targets at %d/s, %s after %d sent; %s active; longest pause between "
                        + "two packets after it %.1f s; job done after %.1f s (%.1f s at the rate); targets lost: 0; machines sent more "
                        + "than one packet: %d (machines by packets received: %s)%n", sleepers.size(), RATE, failureName,
                count(atFailure, "sent"), takesOver, longestPause.toMillis() / 1000.0, took.toMillis() / 1000.0,
                sleepers.size() / (double) RATE, twice, byPackets);
        System.out.print(figures);
        Files.writeString(target.resolve("broker-failover.txt"), figures, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        // at-least-once: a batch whose transaction the lost broker could not commit is delivered again
        assertTrue(twice <= 2L * 2048, "at most the batches in flight are sent twice: " + twice);
        assertEquals(200, get("/health/ready").status(), "ready on the " + takesOver);
    }

    @FunctionalInterface
    private interface Failure {
        void run() throws Exception;
    }

    @Test
    @Order(4)
    void readinessFollowsTheBrokerAndComesBackWithIt() throws Exception {
        pair("stop");   // the backup, active since the primary's second crash
        Instant stopped = Instant.now();
        Reply down = get("/health/ready");
        while (down.status() == 200 && Duration.between(stopped, Instant.now()).toSeconds() < 60) {
            Thread.sleep(500);
            down = get("/health/ready");
        }
        assertEquals(503, down.status(), "not ready without a broker: " + down.body());
        assertTrue(down.body().contains("\"reveille-messaging\"") && down.body().contains("DOWN"), down.body());
        assertTrue(Duration.between(stopped, Instant.now()).toSeconds() < 30, "the probe answered within its call timeout");

        pair("start");
        Reply up = await200("/health/ready", Duration.ofSeconds(120));
        assertEquals(200, up.status(), up.body());
        // and a wake goes through the restarted pair
        SimulatedMachine machine = fleet.machines(SimulatedMachine.Kind.SLEEPING).get(0);
        long packets = packets(List.of(machine));
        Reply accepted = post("/api/wake", "{\"resourceIds\":[\"" + machine.resourceId() + "\"]}");
        assertEquals(202, accepted.status(), accepted.body());
        long job = accepted.json().getJsonNumber("jobId").longValue();
        await("/api/jobs/" + job, Duration.ofSeconds(60), j -> "done".equals(j.getString("state")));
        Instant deadline = Instant.now().plusSeconds(10);
        while (packets(List.of(machine)) == packets && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertEquals(packets + 1, packets(List.of(machine)));
    }

    private static long packets(List<SimulatedMachine> machines) {
        return machines.stream().map(m -> fleet.reception(m.mac())).filter(r -> r != null).mapToLong(Reception::packets).sum();
    }

    private static long lines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    /** Whether a broker's log has {@code text} after its first {@code skip} lines (AMQ221007: "Server is now active"). */
    private static boolean logged(Path log, long skip, String text) throws IOException {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.skip(skip).anyMatch(l -> l.contains(text));
        }
    }

    private static long count(JsonObject job, String state) {
        return job.getJsonObject("counts").getJsonNumber(state).longValue();
    }

    private static void pair(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", Path.of(System.getProperty("reveille.ear")).getParent()
                .getParent().getParent().resolve("artemis-config").resolve("broker-pair.sh").toString(), args[0], "--dir", brokers.toString()));
        command.addAll(List.of(args).subList(1, args.length));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(180, TimeUnit.SECONDS) || (process.exitValue() != 0 && !args[0].equals("stop"))) {
            throw new AssertionError("broker-pair.sh " + String.join(" ", args) + " failed: " + output);
        }
        System.out.print(output);
    }

    private static Reply get(String path) {
        return ServerTestSupport.getAt(server.base(), path, ADMIN);
    }

    private static Reply post(String path, String json) {
        return ServerTestSupport.postAt(server.base(), path, json, ADMIN);
    }

    private static JsonObject await(String path, Duration timeout, Predicate<JsonObject> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Reply last = null;
        while (Instant.now().isBefore(deadline)) {
            last = get(path);
            if (last.status() == 200 && condition.test(last.json())) {
                return last.json();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " did not reach the expected state within " + timeout + "; last: " + (last == null ? null : last.body()));
    }

    private static Reply await200(String path, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Reply last = get(path);
        while (last.status() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            last = get(path);
        }
        return last;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
