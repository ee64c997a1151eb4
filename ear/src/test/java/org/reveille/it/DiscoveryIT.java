package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reveille.net.Ipv4Address;
import org.reveille.sim.DeadHostPlacement;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.SimulatedMachine;
import org.reveille.sim.SimulatedSubnet;

/**
 * AgentFinder against real simulated agents (127.72.x.0/24): dead hosts ahead of the live agents in the ping
 * list are skipped, workstations are tried before laptops, discovery stops at two, and a subnet where nobody
 * answers ends unreachable. The inventory is pushed through the REST API, the discovery runs on the JMS queue.
 */
@ExtendWith(ArquillianExtension.class)
class DiscoveryIT extends ServerTestSupport {

    private static FleetSimulator fleet;

    @BeforeAll
    static void startFleet() throws IOException {
        byte[] key = agentKey();
        fleet = FleetSimulator.start(FleetConfig.builder()
                .subnets(3).firstSubnet(Ipv4Address.parse("127.72.1.0")).agentsPerSubnet(3).deadHostsPerSubnet(2)
                .deadHostPlacement(DeadHostPlacement.FIRST).sleepingPerSubnet(2)
                .server("127.0.0.1", ItPorts.SERVER).agentPort(ItPorts.AGENT).sharedKey(key).wolPort(ItPorts.of(24209)).probePort(ItPorts.of(24210)).build());
    }

    @AfterAll
    static void stopFleet() throws IOException {
        try {
            removeSubnets("127.72.");   // other test classes share the database
        } finally {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    private static void pushInventory(SimulatedSubnet subnet, java.util.function.Function<SimulatedMachine, String> chassis) {
        pushInventory(subnet.machines(), chassis);
    }

    private static long addSubnet(String cidr) {
        Reply added = post("/api/subnets", "{\"subnet\":\"" + cidr + "\"}", ADMIN);
        assertEquals(201, added.status(), added.body());
        return added.json().getJsonNumber("id").longValue();
    }

    private static JsonObject await(long id, Predicate<JsonObject> condition) throws InterruptedException {
        return awaitSubnet(id, java.time.Duration.ofSeconds(60), condition);
    }

    private static List<Ipv4Address> agents(SimulatedSubnet subnet) {
        return subnet.machines(SimulatedMachine.Kind.AGENT).stream().map(SimulatedMachine::ip).sorted().toList();
    }

    @Test
    void deadHostsFirstAreSkippedAndDiscoveryStopsAtTwo() throws Exception {
        SimulatedSubnet subnet = fleet.subnets().get(0);
        pushInventory(subnet, m -> m.kind() == SimulatedMachine.Kind.DEAD ? "server" : "workstation");
        long id = addSubnet(subnet.cidr().toString());
        JsonObject view = await(id, v -> v.getString("state").equals("healthy") && v.containsKey("alternate"));
        List<Ipv4Address> agents = agents(subnet);
        assertEquals(agents.get(0).toString(), view.getJsonObject("primary").getString("address"));
        assertEquals(agents.get(1).toString(), view.getJsonObject("alternate").getString("address"));
        Thread.sleep(1000);
        assertEquals(2, get("/api/subnets/" + id, OPERATOR).json().getInt("agents"), "the third agent was never asked: discovery stops at two");
    }

    @Test
    void workstationWinsOverLaptopsListedBeforeIt() throws Exception {
        SimulatedSubnet subnet = fleet.subnets().get(1);
        List<Ipv4Address> agents = agents(subnet);
        Ipv4Address workstation = agents.get(2);
        pushInventory(subnet, m -> m.kind() == SimulatedMachine.Kind.DEAD ? "laptop"
                : m.ip().equals(workstation) ? "workstation" : "laptop");
        long id = addSubnet(subnet.cidr().toString());
        JsonObject view = await(id, v -> v.containsKey("primary") && v.containsKey("alternate"));
        assertEquals(workstation.toString(), view.getJsonObject("primary").getString("address"), view.toString());
        assertEquals(agents.get(0).toString(), view.getJsonObject("alternate").getString("address"),
                "then the laptops, by address");
    }

    @Test
    void subnetWhereNoAgentAnswersEndsUnreachable() throws Exception {
        SimulatedSubnet subnet = fleet.subnets().get(2);
        // only the dead hosts and sleeping machines are in the inventory: nobody will answer
        pushInventory(subnet.machines().stream().filter(m -> m.kind() != SimulatedMachine.Kind.AGENT).toList(), m -> "unknown");
        long id = addSubnet(subnet.cidr().toString());
        JsonObject view = await(id, v -> v.getString("state").equals("unreachable"));
        assertFalse(view.containsKey("primary"));
        assertTrue(view.containsKey("unreachableSince"));

        // a subnet with agents registered cannot be removed; this one has none
        Reply removed = delete("/api/subnets/" + id, ADMIN);
        assertEquals(204, removed.status(), removed.body());
    }

    @Test
    void subnetWithAgentsCannotBeRemovedAndRescanIsAdminOnly() throws Exception {
        SimulatedSubnet subnet = fleet.subnets().get(0);
        pushInventory(subnet, m -> m.kind() == SimulatedMachine.Kind.DEAD ? "server" : "workstation");
        long id = addSubnet(subnet.cidr().toString());   // adding an existing subnet finds it and rescans it
        await(id, v -> v.containsKey("primary"));
        Reply refused = delete("/api/subnets/" + id, ADMIN);
        assertEquals(409, refused.status(), refused.body());
        assertTrue(refused.json().getString("detail").contains("registered agent"), refused.body());
        assertEquals(403, post("/api/subnets/" + id + "/rescan", "", OPERATOR).status());
        assertEquals(202, post("/api/subnets/" + id + "/rescan", "", ADMIN).status());
        assertEquals(404, post("/api/subnets/999999/rescan", "", ADMIN).status());
        assertEquals(400, post("/api/subnets", "{\"subnet\":\"127.72.9.1/24\"}", ADMIN).status());
    }
}
