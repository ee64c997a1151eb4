package org.reveille.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reveille.application.AgentList.PingTarget;
import org.reveille.domain.model.machine.Chassis;
import org.reveille.domain.model.subnet.DedicatedAgents;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

/** The ping list of a discovery of a subnet with dedicated agents (docs/architecture.md#flow-dedicated-agents). */
class DedicatedFirstTest {

    private static final Cidr SUBNET = Cidr.parse("127.84.1.0/24");
    private static final List<PingTarget> INVENTORY = List.of(
            target("127.84.1.2", "server-a", Chassis.SERVER), target("127.84.1.10", "ws-10", Chassis.WORKSTATION),
            target("127.84.1.20", "kiosk", Chassis.WORKSTATION), target("127.84.1.30", "laptop-30", Chassis.LAPTOP));

    private static PingTarget target(String address, String name, Chassis chassis) {
        return new PingTarget(Ipv4Address.parse(address), name, chassis);
    }

    private static List<String> addresses(List<PingTarget> targets) {
        return targets.stream().map(t -> t.address().toString()).toList();
    }

    @Test
    void withoutStandInsOnlyTheDedicatedAgentsAreAskedInTheirOrder() {
        DedicatedAgents two = new DedicatedAgents(SUBNET, List.of(Ipv4Address.parse("127.84.1.30"), Ipv4Address.parse("127.84.1.20")), false);
        List<PingTarget> list = AgentFinder.dedicatedFirst(two, INVENTORY);
        assertEquals(List.of("127.84.1.30", "127.84.1.20"), addresses(list));
        assertEquals("laptop-30", list.get(0).machineName(), "the inventory's name and chassis when it lists the agent");
    }

    @Test
    void withStandInsTheRestOfThePingListFollowsInItsOrder() {
        DedicatedAgents one = new DedicatedAgents(SUBNET, List.of(Ipv4Address.parse("127.84.1.20")), true);
        assertEquals(List.of("127.84.1.20", "127.84.1.2", "127.84.1.10", "127.84.1.30"), addresses(AgentFinder.dedicatedFirst(one, INVENTORY)));
    }

    @Test
    void aDedicatedAgentTheInventoryDoesNotListIsAskedByItsAddress() {
        DedicatedAgents unknown = new DedicatedAgents(SUBNET, List.of(Ipv4Address.parse("127.84.1.99")), false);
        PingTarget only = AgentFinder.dedicatedFirst(unknown, INVENTORY).get(0);
        assertEquals("127.84.1.99", only.address().toString());
        assertEquals("127.84.1.99", only.machineName());
        assertEquals(Chassis.UNKNOWN, only.chassis());
        assertEquals(1, AgentFinder.dedicatedFirst(unknown, INVENTORY).size());
    }
}
