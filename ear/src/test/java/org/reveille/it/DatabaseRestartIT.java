package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reveille.it.ServerTestSupport.Reply;

/**
 * Issue 13, item 9: PostgreSQL is stopped and started again (pg_ctlcluster: the real server, every connection cut) in
 * the middle of a wake job; the server's readiness goes DOWN and UP again, the job completes, no target is lost or left
 * half-written. Black-box: a server of the build's installation with its own PostgreSQL database (reveille_faults,
 * fresh for the run) and its embedded broker, and a simulated fleet on loopback. The figures (outage, readiness,
 * longest pause, targets sent twice) are printed and written to target/database-restart.txt (docs/reliability.md).
 * The PostgreSQL execution only; it needs the local PostgreSQL cluster's pg_ctlcluster (Debian's, as .ci/run sets up).
 */
class DatabaseRestartIT {

    /** Above ClusterIT's nodes (+400, +500). */
    private static final int PORT_OFFSET = ItPorts.OFFSET + 600;
    private static final String LISTENER = "127.0.0.7";
    private static final String DATABASE = "reveille_faults";

    private static Path target;
    private static SecondServer server;
    private static FleetUnderFailure fleet;
    private static String pgVersion;

    @BeforeAll
    static void startServerAndFleet() throws Exception {
        Assumptions.assumeTrue(ServerTestSupport.onPostgreSql(), "SKIPPED LOUDLY: restarts PostgreSQL; runs in the PostgreSQL execution");
        pgVersion = localClusterVersion();
        Assumptions.assumeTrue(pgVersion != null, "SKIPPED LOUDLY: no local PostgreSQL cluster 'main' to restart with pg_ctlcluster");
        target = Path.of(System.getProperty("reveille.ear")).getParent();
        Files.deleteIfExists(target.resolve("database-restart.txt"));
        ClusterScript.command(List.of("bash", target.getParent().resolve("src").resolve("test").resolve("scripts").resolve("reset-postgresql.sh").toString(), DATABASE),
                status -> status == 0, Duration.ofSeconds(120));
        server = SecondServer.start(Path.of(System.getProperty("reveille.server.home")), Path.of(System.getProperty("reveille.ear")),
                target.resolve("server-db-restart"), "reveille-d", PORT_OFFSET, LISTENER,
                "-Dreveille.db.kind=postgresql -Dreveille.db.url=jdbc:postgresql://127.0.0.1:5432/" + DATABASE
                        + " -Dreveille.db.user=" + DATABASE + " -Dreveille.db.password=" + DATABASE, Duration.ofSeconds(180));
        fleet = FleetUnderFailure.start(server.base(), target.resolve("server-db-restart").resolve("data").resolve("reveille-agent.key"),
                LISTENER, ItPorts.of(1817), 88, ItPorts.of(24550), ItPorts.of(24551), target.resolve("database-restart.txt"));
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            if (fleet != null) {
                fleet.close();
            }
        } finally {
            if (server != null) {
                server.closeKeepingLog("DatabaseRestartIT");
            }
            if (pgVersion != null) {
                pg("start");   // whatever happened, the other tests need their database
            }
        }
    }

    @Test
    void aJobCompletesThroughARestartOfPostgreSql() throws Exception {
        List<String> observed = new ArrayList<>();
        long twice = fleet.wakeAllLosing("PostgreSQL stopped and started again", () -> {
            Instant stopped = Instant.now();
            pg("stop");
            Reply down = fleet.get("/health/ready");
            while (down.status() == 200 && Duration.between(stopped, Instant.now()).toSeconds() < 30) {
                Thread.sleep(250);
                down = fleet.get("/health/ready");
            }
            assertEquals(503, down.status(), "not ready without its database: " + down.body());
            assertTrue(down.body().contains("\"reveille-database\"") && down.body().contains("DOWN"), down.body());
            Duration toDown = Duration.between(stopped, Instant.now());
            Thread.sleep(3000);   // the database stays away a while, as a restart after a crash would
            pg("start");
            Instant started = Instant.now();
            Reply up = fleet.await200("/health/ready", Duration.ofSeconds(90));
            assertEquals(200, up.status(), "ready again once the database is back: " + up.body());
            observed.add(String.format("readiness DOWN %.1f s after the stop, database away %.1f s, UP %.1f s after the start",
                    toDown.toMillis() / 1000.0, Duration.between(stopped, started).toMillis() / 1000.0,
                    Duration.between(started, Instant.now()).toMillis() / 1000.0));
        }, () -> {
        });
        Files.writeString(target.resolve("database-restart.txt"), "  " + observed.get(0) + System.lineSeparator(),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        System.out.println(observed.get(0));
        assertTrue(twice <= 2L * 2048, "at most the batches in flight are sent twice: " + twice);
    }

    /** The version of the local PostgreSQL cluster "main" (Debian's layout), or null without one. */
    private static String localClusterVersion() {
        Path etc = Path.of("/etc/postgresql");
        if (!Files.isDirectory(etc)) {
            return null;
        }
        try (var versions = Files.list(etc)) {
            return versions.filter(v -> Files.isDirectory(v.resolve("main"))).map(v -> v.getFileName().toString())
                    .max((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b))).orElse(null);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static void pg(String action) throws IOException, InterruptedException {
        // pg_ctlcluster start on a running cluster, or stop on a stopped one, answers 2: the state wanted is there
        ClusterScript.command(List.of("pg_ctlcluster", "--skip-systemctl-redirect", pgVersion, "main", action), status -> status == 0 || status == 2,
                Duration.ofSeconds(120));
        if (action.equals("start")) {
            ClusterScript.command(List.of("pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432", "-t", "30"), status -> status == 0, Duration.ofSeconds(120));
        }
    }
}
