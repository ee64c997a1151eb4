package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 10: the single server of the default run (embedded broker, H2) is killed with SIGKILL in the middle of
 * a wake job and started again on the same data; the job resumes from the broker's journal and the database and
 * completes with no target lost. Black-box: the server (a copy of the build's installation with its own data
 * directory) and a simulated fleet are real processes and sockets on loopback. The figures (time the job stood still,
 * targets sent twice) are printed and written to target/server-crash.txt (docs/reliability.md). The server's data as the
 * kill left it is copied to target/server-crash-at-kill; {@code -Dreveille.it.crash.trace=true} turns on the
 * transaction manager's and the broker's XA logging in the server's log, which is how docs/reliability.md's "A killed
 * server" was found.
 */
class ServerCrashIT {

    /** Above BrokerFailoverIT's server (+200). */
    private static final int PORT_OFFSET = ItPorts.OFFSET + 300;
    private static final String LISTENER = "127.0.0.4";
    private static final int LISTENER_PORT = ItPorts.of(1797);

    private static Path target;
    private static SecondServer server;
    private static FleetUnderFailure fleet;

    @BeforeAll
    static void startServerAndFleet() throws Exception {
        Assumptions.assumeFalse(ServerTestSupport.onPostgreSql(),
                "the crashed server keeps its own H2 database: it runs once, in the H2 execution");
        target = Path.of(System.getProperty("reveille.ear")).getParent();
        Files.deleteIfExists(target.resolve("server-crash.txt"));
        SecondServer.deleteTree(target.resolve("server-crash-at-kill"));
        server = SecondServer.start(Path.of(System.getProperty("reveille.server.home")), Path.of(System.getProperty("reveille.ear")),
                target.resolve("server-crash"), "reveille-c", PORT_OFFSET, LISTENER, "", Duration.ofSeconds(180));
        if (System.getProperty("reveille.it.crash.trace") != null) {
            Process cli = new ProcessBuilder(Path.of(System.getProperty("reveille.server.home")).resolve("bin").resolve("jboss-cli.sh").toString(),
                    "-c", "--controller=127.0.0.1:" + (9990 + PORT_OFFSET), "--commands=/subsystem=logging/logger=com.arjuna:write-attribute(name=level,value=DEBUG),"
                    + "/subsystem=logging/logger=org.apache.activemq.artemis.service.extensions.xa:add(level=TRACE),"
                    + "/subsystem=logging/logger=org.apache.activemq.artemis.core.transaction:add(level=TRACE),"
                    + "/subsystem=logging/logger=org.apache.activemq.artemis.core.server.impl.ServerSessionImpl:add(level=TRACE),"
                    + "/subsystem=logging/periodic-rotating-file-handler=FILE:write-attribute(name=level,value=TRACE)")
                    .inheritIO().start();
            cli.waitFor();
        }
        fleet = FleetUnderFailure.start(server.base(), target.resolve("server-crash").resolve("data").resolve("reveille-agent.key"),
                LISTENER, LISTENER_PORT, 86, ItPorts.of(24540), ItPorts.of(24541), target.resolve("server-crash.txt"));
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            if (fleet != null) {
                fleet.close();
            }
        } finally {
            if (server != null) {
                server.closeKeepingLog("ServerCrashIT");
            }
        }
    }

    @Test
    void aJobResumesAfterTheServerIsKilledAndStartedAgain() throws Exception {
        long twice = fleet.wakeAllLosing("server killed (SIGKILL) and started again on its data",
                () -> {
                    server.kill();
                    // the broker journal and transaction log as the kill left them, for a post-mortem
                    SecondServer.copyTree(target.resolve("server-crash").resolve("data"), target.resolve("server-crash-at-kill"));
                    server.restart(Duration.ofSeconds(180));
                },
                () -> assertEquals(200, fleet.get("/health/ready").status(), "ready again after the restart"));
        // at-least-once: the batches whose transactions the kill cut are delivered again
        assertTrue(twice <= 2L * 2048, "at most the batches in flight are sent twice: " + twice);
    }

    /**
     * Issue 15, item 2: schedules survive a killed server. Two schedules fall due 20 s after they are made; the server is
     * killed at once and started again more than a minute after that: at its first look the firing of the schedule
     * with a grace period of ten minutes runs late, the one with a minute is recorded as missed, with the reason.
     */
    @Test
    void aFiringDueWhileTheServerIsDownRunsLateWithinItsGraceOrIsRecordedMissed() throws Exception {
        Instant due = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        long strict = createSchedule("crash-strict", due, "PT1M");
        long lenient = createSchedule("crash-lenient", due, "PT10M");
        server.kill();
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), due.plusSeconds(65)).toMillis()));
        server.restart(Duration.ofSeconds(180));
        JsonObject missed = awaitFiring(strict);
        assertEquals("missed", missed.getString("outcome"), missed.toString());
        assertTrue(missed.getString("reason").contains("grace period of PT1M"), missed.toString());
        JsonObject late = awaitFiring(lenient);
        assertEquals("fired", late.getString("outcome"), late.toString());
        assertTrue(late.getString("reason").contains("late, within the grace period"), late.toString());
        assertEquals(200, ServerTestSupport.getAt(server.base(), "/api/jobs/" + late.getJsonNumber("job"), ServerTestSupport.OPERATOR).status(),
                "its job exists");
    }

    private static long createSchedule(String name, Instant at, String grace) {
        ServerTestSupport.Reply created = ServerTestSupport.postAt(server.base(), "/api/schedules", "{\"name\":\"" + name + "\","
                + "\"macs\":[\"02:97:02:00:00:01\"],\"at\":\"" + at + "\",\"grace\":\"" + grace + "\"}", ServerTestSupport.OPERATOR);
        assertEquals(201, created.status(), created.body());
        return created.json().getJsonNumber("id").longValue();
    }

    private static JsonObject awaitFiring(long id) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonObject page = ServerTestSupport.getAt(server.base(), "/api/schedules/" + id + "/firings", ServerTestSupport.OPERATOR).json();
            if (page.getJsonNumber("total").intValue() > 0) {
                return page.getJsonArray("items").getJsonObject(0);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("schedule " + id + " has no firing a minute after the restart");
    }
}
