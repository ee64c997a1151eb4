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
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.InventoryJson;
import org.reveille.sim.SimulatedMachine;

/**
 * Issue 13, items 1 and 3: the one command that starts a cluster on one machine (wildfly-config/cluster.sh: the broker
 * pair and two nodes of the HA configuration, apply.sh --broker remote --ha: standalone-full-ha.xml, JGroups over TCP,
 * members found through JDBC_PING in PostgreSQL, no multicast) on the PostgreSQL database of the IT run; the nodes find
 * each other and form one cluster; when one stops, the other sees it go. Black-box: the pair and both nodes are real
 * processes on loopback; the view is read through GET /api/cluster and the discovery table.
 * <p>
 * Issue 16, item 2 (docs/cluster.md, "Server-direct from one node"): the cluster is started with reveille-2 as the
 * node that sends the server's own packets; a subnet without agents (127.89.1.0/24, policy when-no-agent, its
 * segment's listener on 127.89.1.255) is woken through node 1 and every packet goes from reveille-2; once reveille-2
 * has stopped, reveille-1 takes over.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final int PRIMARY_PORT = ItPorts.of(61636);
    /** Above ServerCrashIT's server (+300). */
    private static final int OFFSET_1 = ItPorts.OFFSET + 400;
    private static final int OFFSET_2 = ItPorts.OFFSET + 500;

    private static final int WOL_PORT = ItPorts.of(24849);
    private static final String LONELY = "127.89.1.0/24";
    /** The service WildFly's singleton policy elects a provider of for every clustered-singleton message-driven bean. */
    private static final String SERVER_DIRECT_SINGLETON = "the org.wildfly.ejb3.clustered.singleton service";

    private static ClusterScript cluster;
    private static FleetSimulator lonely;
    private static final List<String> nodes = List.of("http://127.0.0.1:" + (8080 + OFFSET_1), "http://127.0.0.1:" + (8080 + OFFSET_2));

    @BeforeAll
    static void startCluster() throws Exception {
        Assumptions.assumeTrue(ServerTestSupport.onPostgreSql(),
                "SKIPPED LOUDLY: the nodes of a cluster find each other through PostgreSQL; runs in the PostgreSQL execution");
        cluster = new ClusterScript("it-cluster");
        cluster.start(OFFSET_1, PRIMARY_PORT, "127.0.0.5,127.0.0.6", "reveille_it", "reveille-2");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (lonely != null) {
                lonely.close();
                ServerTestSupport.putAt(nodes.get(0), "/api/subnet-policies", "{\"subnet\":\"" + LONELY + "\",\"serverDirect\":\"never\"}",
                        ServerTestSupport.ADMIN);
                ServerTestSupport.putAt(nodes.get(0), "/api/settings", "{\"magicPacketPort\":9,\"wakeRateLimitPerSubnet\":50,"
                        + "\"wakeRateLimitGlobal\":1000,\"wakeDiscoveryWaitSeconds\":60}", ServerTestSupport.ADMIN);
                JsonObject subnets = ServerTestSupport.getAt(nodes.get(0), "/api/subnets?limit=1000", ServerTestSupport.ADMIN).json();
                subnets.getJsonArray("items").getValuesAs(JsonObject.class).stream().filter(v -> LONELY.equals(v.getString("subnet")))
                        .forEach(v -> ServerTestSupport.deleteAt(nodes.get(0), "/api/subnets/" + v.getJsonNumber("id"), ServerTestSupport.ADMIN));
                ServerTestSupport.getAt(nodes.get(0), "/api/boundaries", ServerTestSupport.ADMIN).json().getJsonArray("items")
                        .getValuesAs(JsonObject.class).stream().filter(b -> "cluster-it".equals(b.getString("source", "")))
                        .forEach(b -> ServerTestSupport.deleteAt(nodes.get(0), "/api/boundaries/" + b.getJsonNumber("id"), ServerTestSupport.ADMIN));
            }
        } finally {
            if (cluster != null) {
                cluster.stopKeepingLogs("ClusterIT");
            }
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

    /**
     * The preferred node sends the server's own packets, whichever node takes the job and its batches: node 1 is sent
     * the wake, and every target of the subnet without agents says reveille-2 sent it.
     */
    @Test
    @Order(3)
    void theServersOwnPacketsGoFromTheChosenNode() throws Exception {
        lonely = FleetSimulator.start(FleetConfig.builder().subnets(1).firstSubnet(Ipv4Address.parse("127.89.1.0")).agentsPerSubnet(0)
                .deadHostsPerSubnet(0).sleepingPerSubnet(8).server("127.0.0.5", 1777).agentPort(ItPorts.AGENT)
                .sharedKey(Files.readAllBytes(cluster.dir().resolve("reveille-agent.key"))).wolPort(WOL_PORT).probePort(ItPorts.of(24850)).build());
        String node1 = nodes.get(0);
        String inventory = InventoryJson.of(lonely.machines());
        assertEquals(200, ServerTestSupport.putAt(node1, "/api/inventory/machines", inventory, ServerTestSupport.INVENTORY).status());
        Reply settings = ServerTestSupport.putAt(node1, "/api/settings", "{\"magicPacketPort\":" + WOL_PORT + ",\"wakeRateLimitPerSubnet\":0,"
                + "\"wakeRateLimitGlobal\":0,\"wakeDiscoveryWaitSeconds\":1}", ServerTestSupport.ADMIN);
        assertEquals(200, settings.status(), settings.body());
        assertEquals(201, ServerTestSupport.postAt(node1, "/api/boundaries", "{\"subnet\":\"127.89.0.0/16\",\"source\":\"cluster-it\"}",
                ServerTestSupport.ADMIN).status());
        Reply added = ServerTestSupport.postAt(node1, "/api/subnets", "{\"subnet\":\"" + LONELY + "\"}", ServerTestSupport.ADMIN);
        assertEquals(201, added.status(), added.body());
        Reply policy = ServerTestSupport.putAt(node1, "/api/subnet-policies", "{\"subnet\":\"" + LONELY + "\",\"serverDirect\":\"when-no-agent\"}",
                ServerTestSupport.ADMIN);
        assertEquals(200, policy.status(), policy.body());
        awaitElected(2, Duration.ofSeconds(90));

        List<SimulatedMachine> four = lonely.machines(SimulatedMachine.Kind.SLEEPING).subList(0, 4);
        JsonObject job = wakeAndAwait(node1, four);
        assertEquals(4, job.getJsonObject("counts").getInt("sent"), job.toString());
        for (JsonObject target : job.getJsonArray("targets").getValuesAs(JsonObject.class)) {
            assertTrue(target.getString("reason").startsWith("sent by server reveille-2 itself (directed broadcast): no agent on subnet " + LONELY),
                    target.toString());
        }
        assertEquals(List.of(), lonely.awaitWoken(four.stream().map(SimulatedMachine::mac).toList(), Duration.ofSeconds(10)),
                "every packet on the subnet's segment");
    }

    @Test
    @Order(4)
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

    /** When the chosen node has stopped, the other sends the server's packets. */
    @Test
    @Order(5)
    void theOtherNodeTakesOverTheServersOwnPacketsWhenTheChosenOneStops() throws Exception {
        awaitElected(1, Duration.ofSeconds(90));
        List<SimulatedMachine> four = lonely.machines(SimulatedMachine.Kind.SLEEPING).subList(4, 8);
        JsonObject job = wakeAndAwait(nodes.get(0), four);
        assertEquals(4, job.getJsonObject("counts").getInt("sent"), job.toString());
        for (JsonObject target : job.getJsonArray("targets").getValuesAs(JsonObject.class)) {
            assertTrue(target.getString("reason").startsWith("sent by server reveille-1 itself (directed broadcast)"), target.toString());
        }
        assertEquals(List.of(), lonely.awaitWoken(four.stream().map(SimulatedMachine::mac).toList(), Duration.ofSeconds(10)));
    }

    /**
     * Waits until the last election of the server-direct dispatcher's singleton that node 1 logged (WildFly's
     * WFLYCLSN0003; node 1 is up throughout) names node {@code i}.
     */
    private static void awaitElected(int i, Duration timeout) throws Exception {
        String expected = "reveille-" + i + " elected as the singleton provider of " + SERVER_DIRECT_SINGLETON;
        Instant deadline = Instant.now().plus(timeout);
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            List<String> elections = Files.readAllLines(cluster.serverLog(1)).stream()
                    .filter(line -> line.contains("elected as the singleton provider of " + SERVER_DIRECT_SINGLETON)).toList();
            last = elections.isEmpty() ? null : elections.get(elections.size() - 1);
            if (last != null && last.contains(expected)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("reveille-" + i + " was not elected the server-direct node within " + timeout + "; last election: " + last);
    }

    private static JsonObject wakeAndAwait(String node, List<SimulatedMachine> machines) throws InterruptedException {
        String names = machines.stream().map(m -> "\"" + m.name() + "\"").collect(Collectors.joining(",", "[", "]"));
        Reply reply = ServerTestSupport.postAt(node, "/api/wake", "{\"names\":" + names + "}", ServerTestSupport.OPERATOR);
        assertEquals(202, reply.status(), reply.body());
        String path = "/api/jobs/" + reply.json().getJsonNumber("jobId").longValue();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Reply last = null;
        while (Instant.now().isBefore(deadline)) {
            last = ServerTestSupport.getAt(node, path, ServerTestSupport.OPERATOR);
            if (last.status() == 200 && "done".equals(last.json().getString("state"))) {
                return last.json();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " not done within 60 s; last: " + (last == null ? null : last.status() + " " + last.body()));
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
