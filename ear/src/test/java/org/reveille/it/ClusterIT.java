package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.reveille.it.ServerTestSupport.Reply;

/**
 * Issue 13, items 1 and 3: the one command that starts a cluster on one machine (wildfly-config/cluster.sh: the broker
 * pair and two nodes of the HA configuration, apply.sh --broker remote --ha: standalone-full-ha.xml, JGroups over TCP,
 * members found through JDBC_PING in PostgreSQL, no multicast) on the PostgreSQL database of the IT run; the nodes find
 * each other and form one cluster; when one stops, the other sees it go. Black-box: the pair and both nodes are real
 * processes on loopback; the view is read through GET /api/cluster and the discovery table.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final int PRIMARY_PORT = ItPorts.of(61636);
    /** Above ServerCrashIT's server (+300). */
    private static final int OFFSET_1 = ItPorts.OFFSET + 400;
    private static final int OFFSET_2 = ItPorts.OFFSET + 500;

    private static ClusterScript cluster;
    private static final List<String> nodes = List.of("http://127.0.0.1:" + (8080 + OFFSET_1), "http://127.0.0.1:" + (8080 + OFFSET_2));

    @BeforeAll
    static void startCluster() throws Exception {
        Assumptions.assumeTrue(ServerTestSupport.onPostgreSql(),
                "SKIPPED LOUDLY: the nodes of a cluster find each other through PostgreSQL; runs in the PostgreSQL execution");
        cluster = new ClusterScript("it-cluster");
        cluster.start(OFFSET_1, PRIMARY_PORT, "127.0.0.5,127.0.0.6", "reveille_it");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.stopKeepingLogs("ClusterIT");
        }
    }

    @Test
    @Order(1)
    void bothNodesSeeOneClusterOfTwo() throws Exception {
        Set<String> coordinators = new TreeSet<>();
        for (String node : nodes) {
            JsonObject view = awaitView(node, v -> members(v).size() == 2, Duration.ofSeconds(90));
            assertTrue(view.getBoolean("clustered"), view.toString());
            assertEquals(Set.of("reveille-1", "reveille-2"), members(view), view.toString());
            coordinators.add(view.getString("coordinator"));
        }
        assertEquals(1, coordinators.size(), "both nodes agree on the coordinator: " + coordinators);
        assertTrue(Set.of("reveille-1", "reveille-2").containsAll(coordinators), coordinators.toString());
        assertEquals("reveille-2", ServerTestSupport.getAt(nodes.get(1), "/api/cluster", ServerTestSupport.OPERATOR).json().getString("node"));
    }

    /**
     * No multicast: the nodes' configuration opens no multicast socket, and the members are found through the
     * discovery table in the shared database (which rows it holds at a moment is JGroups' business: the coordinator
     * rewrites it at each change of view).
     */
    @Test
    @Order(2)
    void theMembersFindEachOtherThroughTheDatabaseWithoutMulticast() throws Exception {
        for (int i = 1; i <= 2; i++) {
            String config = Files.readString(cluster.dir().resolve("node-" + i).resolve("configuration").resolve("standalone-full-ha.xml"));
            assertTrue(!config.contains("multicast"), "node " + i + " has a multicast socket binding");
            assertTrue(config.contains("<channel name=\"ee\" stack=\"reveille\""), "node " + i + " runs the ee channel on the reveille stack");
        }
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/reveille_it", "reveille_it", "reveille_it");
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT count(*) FROM jgroupsping WHERE cluster_name = 'reveille'")) {
            assertTrue(rows.next());
            assertTrue(rows.getInt(1) >= 1, "JDBC_PING wrote the cluster's members into jgroupsping");
        }
    }

    @Test
    @Order(3)
    void aNodeThatStopsLeavesTheView() throws Exception {
        long pid = cluster.pid(2);
        ProcessHandle node2 = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("node 2 is not running"));
        node2.destroy();   // SIGTERM: a clean stop
        node2.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        JsonObject view = awaitView(nodes.get(0), v -> members(v).size() == 1, Duration.ofSeconds(90));
        assertEquals(Set.of("reveille-1"), members(view), view.toString());
        assertTrue(view.getBoolean("clustered"), "still a cluster, of one: " + view);
        String log = Files.readString(cluster.serverLog(1));
        assertTrue(log.contains("REVEILLE00161: Cluster view of node reveille-1 (clustered: true): 1 member(s) [reveille-1]"),
                "the change of view is logged");
    }

    private static JsonObject awaitView(String node, Predicate<JsonObject> condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Reply last = null;
        while (Instant.now().isBefore(deadline)) {
            last = ServerTestSupport.getAt(node, "/api/cluster", ServerTestSupport.OPERATOR);
            if (last.status() == 200 && condition.test(last.json())) {
                return last.json();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(node + "/api/cluster did not show the expected view within " + timeout + "; last: "
                + (last == null ? null : last.status() + " " + last.body()));
    }

    private static Set<String> members(JsonObject view) {
        Set<String> names = new TreeSet<>();
        view.getJsonArray("members").getValuesAs(JsonString.class).forEach(n -> names.add(n.getString()));
        return names;
    }
}
