package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reveille.it.ServerTestSupport.Reply;

/**
 * Issue 13, items 7 and 11: a node of a two-node cluster (wildfly-config/cluster.sh: the broker pair, two nodes of the
 * HA configuration, PostgreSQL) is killed with SIGKILL while a 20,000-target job runs and while it holds agents'
 * heartbeat connections (those it discovered: each node names its own listener in its REGISTER, so about half of the
 * agents, and the agents list it first). The job completes on the surviving node with every target sent,
 * the agents move to the surviving node within their heartbeat interval, and no Primary or Alternate is replaced.
 * Black-box; the figures are printed and written to target/node-failover.txt (docs/reliability.md).
 */
class NodeFailoverIT {

    private static final int PRIMARY_PORT = ItPorts.of(61646);
    /** Above DatabaseRestartIT's server (+600). */
    private static final int OFFSET_1 = ItPorts.OFFSET + 800;
    private static final String NODE_1 = "http://127.0.0.1:" + (8080 + OFFSET_1);
    private static final String NODE_2 = "http://127.0.0.1:" + (8080 + OFFSET_1 + 100);
    private static final String DATABASE = "reveille_nodes";
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final int HEARTBEAT_TIMEOUT_SECONDS = 40;

    private static Path target;
    private static ClusterScript cluster;
    private static FleetUnderFailure fleet;

    @BeforeAll
    static void startClusterAndFleet() throws Exception {
        Assumptions.assumeTrue(ServerTestSupport.onPostgreSql(),
                "SKIPPED LOUDLY: the nodes of a cluster share PostgreSQL; runs in the PostgreSQL execution");
        target = Path.of(System.getProperty("reveille.ear")).getParent();
        Files.deleteIfExists(target.resolve("node-failover.txt"));
        ClusterScript.command(List.of("bash", target.getParent().resolve("src").resolve("test").resolve("scripts").resolve("reset-postgresql.sh").toString(), DATABASE));
        cluster = new ClusterScript("it-node-failover");
        cluster.start(OFFSET_1, PRIMARY_PORT, "127.0.0.8,127.0.0.9", DATABASE);
        // 100 subnets x 200 sleeping machines = 20,000 targets at 1,000 a second; the agents list node 1 first
        fleet = FleetUnderFailure.start(NODE_1, cluster.dir().resolve("reveille-agent.key"),
                new FleetUnderFailure.Layout(100, 200, 1000, List.of("127.0.0.8", "127.0.0.9"), ItPorts.of(1837), HEARTBEAT),
                89, ItPorts.of(24560), ItPorts.of(24561), target.resolve("node-failover.txt"));
        Reply timeout = ServerTestSupport.putAt(NODE_1, "/api/settings", "{\"heartbeatTimeoutSeconds\":" + HEARTBEAT_TIMEOUT_SECONDS + "}",
                ServerTestSupport.ADMIN);
        assertEquals(200, timeout.status(), timeout.body());
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            if (fleet != null) {
                fleet.close();
            }
        } finally {
            if (cluster != null) {
                cluster.stopKeepingLogs("NodeFailoverIT");
            }
        }
    }

    @Test
    void theJobCompletesOnTheSurvivingNodeAndTheAgentsMoveWithoutAPromotion() throws Exception {
        fleet.useServer(NODE_2);   // the job is submitted to, and followed on, the node that survives
        Map<Long, String> rolesBefore = roles();
        assertEquals(100, rolesBefore.size());
        Instant[] killed = new Instant[1];
        long twice = fleet.wakeAllLosing("node reveille-1 (holding the agents' connections) killed (SIGKILL)", () -> {
            long pid = cluster.pid(1);
            ProcessHandle node1 = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("node 1 is not running"));
            killed[0] = Instant.now();
            node1.destroyForcibly();
            node1.onExit().get(30, TimeUnit.SECONDS);
        }, () -> {
        });
        assertTrue(twice <= 2L * 2048, "at most the batches in flight on the killed node are sent twice: " + twice);

        // every agent heartbeats to node 2 within its interval (and the slack of one write of the heartbeat buffer)
        Instant deadline = killed[0].plus(HEARTBEAT.multipliedBy(3));
        List<String> behind = agentsNotSeenSince(killed[0]);
        while (!behind.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            behind = agentsNotSeenSince(killed[0]);
        }
        assertEquals(List.of(), behind, "agents that did not reach the surviving node within " + HEARTBEAT.multipliedBy(3));
        Duration moved = Duration.between(killed[0], Instant.now());

        // past the heartbeat timeout: the watchdog replaced nobody
        Instant past = killed[0].plusSeconds(2L * HEARTBEAT_TIMEOUT_SECONDS);
        while (Instant.now().isBefore(past)) {
            Thread.sleep(1000);
        }
        assertEquals(rolesBefore, roles(), "no Primary or Alternate replaced");
        String line = String.format("  agents all heard on the surviving node %.1f s after the kill (heartbeat every %d s); roles unchanged "
                + "%d s after it (heartbeat timeout %d s)%n", moved.toMillis() / 1000.0, HEARTBEAT.toSeconds(),
                2L * HEARTBEAT_TIMEOUT_SECONDS, HEARTBEAT_TIMEOUT_SECONDS);
        System.out.print(line);
        Files.writeString(target.resolve("node-failover.txt"), line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Each fleet subnet's "primary/alternate" machine names, through node 2. */
    private static Map<Long, String> roles() {
        Map<Long, String> roles = new LinkedHashMap<>();
        for (long id : fleet.subnetIds()) {
            JsonObject subnet = ServerTestSupport.getAt(NODE_2, "/api/subnets/" + id, ServerTestSupport.ADMIN).json();
            roles.put(id, subnet.getJsonObject("primary").getString("machineName") + "/" + subnet.getJsonObject("alternate").getString("machineName"));
        }
        return roles;
    }

    /** The Primaries and Alternates whose last heartbeat is older than {@code since}. */
    private static List<String> agentsNotSeenSince(Instant since) {
        List<String> behind = new ArrayList<>();
        for (long id : fleet.subnetIds()) {
            JsonObject subnet = ServerTestSupport.getAt(NODE_2, "/api/subnets/" + id, ServerTestSupport.ADMIN).json();
            for (String role : List.of("primary", "alternate")) {
                JsonObject agent = subnet.getJsonObject(role);
                if (agent == null || !agent.containsKey("lastSeenAt") || agent.isNull("lastSeenAt") || Instant.parse(agent.getString("lastSeenAt")).isBefore(since)) {
                    behind.add(subnet.getString("subnet") + " " + role);
                }
            }
        }
        return behind;
    }
}
