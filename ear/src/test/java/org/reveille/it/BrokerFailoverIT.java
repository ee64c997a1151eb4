package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.reveille.it.ServerTestSupport.Reply;
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

    private static final int PRIMARY_PORT = ItPorts.of(61626);
    private static final int BACKUP_PORT = ItPorts.of(61726);
    /** Above TwoServersIT's second server (+100). */
    private static final int PORT_OFFSET = ItPorts.OFFSET + 200;
    private static final String LISTENER = "127.0.0.3";
    private static final int LISTENER_PORT = ItPorts.of(1787);
    private static final int WOL_PORT = ItPorts.of(24530);

    private static Path target;
    private static Path brokers;
    private static BrokerPair pair;
    private static SecondServer server;
    private static FleetUnderFailure fleet;

    @BeforeAll
    static void startPairServerAndFleet() throws Exception {
        Assumptions.assumeFalse(ServerTestSupport.onPostgreSql(),
                "the broker pair's server keeps its own H2 database: it runs once, in the H2 execution");
        target = Path.of(System.getProperty("reveille.ear")).getParent();
        brokers = target.resolve("it-brokers");
        pair = new BrokerPair(brokers);
        Files.deleteIfExists(target.resolve("broker-failover.txt"));
        pair.createAndStart(PRIMARY_PORT, BACKUP_PORT);
        server = SecondServer.start(Path.of(System.getProperty("reveille.remote-broker-server.home")),
                Path.of(System.getProperty("reveille.ear")), target.resolve("server-remote-broker"), "reveille-r", PORT_OFFSET, LISTENER,
                BrokerPair.serverArgs(PRIMARY_PORT, BACKUP_PORT), Duration.ofSeconds(180));
        fleet = FleetUnderFailure.start(server.base(), target.resolve("server-remote-broker").resolve("data").resolve("reveille-agent.key"),
                LISTENER, LISTENER_PORT, 85, WOL_PORT, ItPorts.of(24531), target.resolve("broker-failover.txt"));
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
                    server.closeKeepingLog("BrokerFailoverIT");
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
        // the backup copies the journal again after the fail-back (its JVM may restart first): until it is
        // synchronised the pair is not redundant, and a primary lost then leaves no broker (docs/cluster.md)
        pair("status", "--wait-redundant", "120");
    }

    /** The pair is whole again after the fail-back: the primary crashes once more and the backup takes over again. */
    @Test
    @Order(3)
    void theBackupTakesOverAgainAfterTheFailBack() throws Exception {
        wakeAllLosingTheActiveBroker("primary broker killed again (SIGKILL) after its fail-back", () -> pair("kill", "primary"), "backup");
    }

    /** Wakes every sleeping machine; when a quarter is sent, {@code failure} takes the active broker away. */
    private void wakeAllLosingTheActiveBroker(String failureName, FleetUnderFailure.Failure failure, String takesOver) throws Exception {
        Path takeOverLog = brokers.resolve(takesOver).resolve("log").resolve("console.log");
        long takeOverLines = lines(takeOverLog);
        long twice = fleet.wakeAllLosing(failureName + "; " + takesOver + " active", failure,
                // the job may finish on the backup before a restarted primary has copied the journal back and taken over
                // (a slow start under load: the .ci/run of 4f617da looked at once and failed): wait for it
                () -> assertTrue(awaitLogged(takeOverLog, takeOverLines, "AMQ221007", Duration.ofSeconds(120)), "the " + takesOver + " became active"));
        // at-least-once: a batch whose transaction the lost broker could not commit is delivered again
        assertTrue(twice <= 2L * 2048, "at most the batches in flight are sent twice: " + twice);
        // ready on it: at once when it took over mid-job, within seconds when it just did (the servers reconnect)
        Instant readyBy = Instant.now().plusSeconds(60);
        Reply ready = fleet.get("/health/ready");
        while (ready.status() != 200 && Instant.now().isBefore(readyBy)) {
            Thread.sleep(500);
            ready = fleet.get("/health/ready");
        }
        assertEquals(200, ready.status(), "ready on the " + takesOver + ": " + ready.body());
    }

    @Test
    @Order(4)
    void readinessFollowsTheBrokerAndComesBackWithIt() throws Exception {
        pair("stop");   // the backup, active since the primary's second crash
        Instant stopped = Instant.now();
        Reply down = fleet.get("/health/ready");
        while (down.status() == 200 && Duration.between(stopped, Instant.now()).toSeconds() < 60) {
            Thread.sleep(500);
            down = fleet.get("/health/ready");
        }
        assertEquals(503, down.status(), "not ready without a broker: " + down.body());
        assertTrue(down.body().contains("\"reveille-messaging\"") && down.body().contains("DOWN"), down.body());
        assertTrue(Duration.between(stopped, Instant.now()).toSeconds() < 30, "the probe answered within its call timeout");

        pair("start");
        Reply up = fleet.await200("/health/ready", Duration.ofSeconds(120));
        assertEquals(200, up.status(), up.body());
        // and a wake goes through the restarted pair
        SimulatedMachine machine = fleet.sleepers().get(0);
        long packets = fleet.packets(List.of(machine));
        Reply accepted = fleet.post("/api/wake", "{\"resourceIds\":[\"" + machine.resourceId() + "\"]}");
        assertEquals(202, accepted.status(), accepted.body());
        long job = accepted.json().getJsonNumber("jobId").longValue();
        fleet.await("/api/jobs/" + job, Duration.ofSeconds(60), j -> "done".equals(j.getString("state")));
        Instant deadline = Instant.now().plusSeconds(10);
        while (fleet.packets(List.of(machine)) == packets && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertEquals(packets + 1, fleet.packets(List.of(machine)));
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
    /** Whether {@code text} appears in {@code log} after its first {@code skip} lines within {@code timeout}. */
    private static boolean awaitLogged(Path log, long skip, String text, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!logged(log, skip, text)) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    private static boolean logged(Path log, long skip, String text) throws IOException {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.skip(skip).anyMatch(l -> l.contains(text));
        }
    }

    private static void pair(String... args) throws IOException, InterruptedException {
        pair.run(args);
    }
}
