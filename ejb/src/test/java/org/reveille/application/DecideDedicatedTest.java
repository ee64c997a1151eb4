package org.reveille.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.reveille.domain.model.agent.Agent;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.subnet.DedicatedAgents;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

/** The roles of a subnet with dedicated agents (docs/architecture.md#flow-dedicated-agents): AgentRegistry.decideDedicated. */
class DecideDedicatedTest {

    private static final Cidr SUBNET = Cidr.parse("127.84.1.0/24");
    private static final Subnet ENTRY = new Subnet(SUBNET, Instant.EPOCH);
    private static final Ipv4Address KIOSK = Ipv4Address.parse("127.84.1.20");
    private static final Ipv4Address PRINTER = Ipv4Address.parse("127.84.1.21");
    private static final Ipv4Address DESK = Ipv4Address.parse("127.84.1.10");
    private static final Ipv4Address LAPTOP = Ipv4Address.parse("127.84.1.11");

    private static Agent agent(Ipv4Address address, AgentRole role) {
        return new Agent(ENTRY, "m-" + address, address, null, role, 3, false, Instant.EPOCH);
    }

    private static AgentRegistry.Request request(Ipv4Address address, AgentRole requested) {
        return new AgentRegistry.Request("m-" + address, address, Ipv4Address.parse("255.255.255.0"), null, requested, 3, false);
    }

    private static AgentRole decide(DedicatedAgents policy, Ipv4Address who, AgentRole requested, Agent self, Agent primary, Agent alternate,
                                    Set<Agent> silent) {
        Predicate<Agent> alive = a -> !silent.contains(a);
        return AgentRegistry.decideDedicated(policy, request(who, requested), self, primary, alternate, alive);
    }

    @Test
    void aDedicatedAgentIsPrimaryUnlessTheOtherServesAsPrimary() {
        DedicatedAgents two = new DedicatedAgents(SUBNET, List.of(KIOSK, PRINTER), false);
        Agent elected = agent(DESK, AgentRole.PRIMARY);
        assertEquals(AgentRole.PRIMARY, decide(two, KIOSK, AgentRole.MEMBER, null, elected, null, Set.of()), "takes it from an elected agent");
        assertEquals(AgentRole.PRIMARY, decide(two, KIOSK, AgentRole.ALTERNATE, null, null, null, Set.of()), "whatever it asks for");
        Agent printer = agent(PRINTER, AgentRole.PRIMARY);
        assertEquals(AgentRole.ALTERNATE, decide(two, KIOSK, AgentRole.PRIMARY, null, printer, null, Set.of()), "the other serves as Primary");
        assertEquals(AgentRole.PRIMARY, decide(two, KIOSK, AgentRole.MEMBER, null, printer, null, Set.of(printer)), "the other is silent");
        Agent kiosk = agent(KIOSK, AgentRole.PRIMARY);
        assertEquals(AgentRole.PRIMARY, decide(two, KIOSK, AgentRole.ALTERNATE, kiosk, kiosk, null, Set.of()), "keeps its own Primary role");
    }

    @Test
    void withoutStandInsNoOtherAgentHoldsARole() {
        DedicatedAgents one = new DedicatedAgents(SUBNET, List.of(KIOSK), false);
        for (AgentRole requested : AgentRole.values()) {
            assertEquals(AgentRole.MEMBER, decide(one, DESK, requested, null, null, null, Set.of()), "asked for " + requested);
        }
        Agent formerPrimary = agent(DESK, AgentRole.PRIMARY);
        assertEquals(AgentRole.MEMBER, decide(one, DESK, AgentRole.PRIMARY, formerPrimary, formerPrimary, null, Set.of()),
                "not even an elected agent returning to its role");
    }

    @Test
    void standInsAreElectedButNeverIntoARoleAServingDedicatedAgentHolds() {
        DedicatedAgents one = new DedicatedAgents(SUBNET, List.of(KIOSK), true);
        Agent kiosk = agent(KIOSK, AgentRole.PRIMARY);
        assertEquals(AgentRole.ALTERNATE, decide(one, DESK, AgentRole.MEMBER, null, kiosk, null, Set.of()), "the free Alternate role");
        assertEquals(AgentRole.PRIMARY, decide(one, DESK, AgentRole.MEMBER, null, null, null, Set.of()), "the dedicated agent is away");
        assertEquals(AgentRole.PRIMARY, decide(one, DESK, AgentRole.PRIMARY, null, kiosk, null, Set.of(kiosk)), "the dedicated Primary is silent");
        DedicatedAgents two = new DedicatedAgents(SUBNET, List.of(KIOSK, PRINTER), true);
        Agent printer = agent(PRINTER, AgentRole.ALTERNATE);
        assertEquals(AgentRole.MEMBER, decide(two, LAPTOP, AgentRole.ALTERNATE, null, kiosk, printer, Set.of()),
                "a returning Alternate does not displace a serving dedicated one");
        assertEquals(AgentRole.ALTERNATE, decide(two, LAPTOP, AgentRole.ALTERNATE, null, kiosk, printer, Set.of(printer)),
                "but stands in for a silent one");
    }
}
