package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
}
