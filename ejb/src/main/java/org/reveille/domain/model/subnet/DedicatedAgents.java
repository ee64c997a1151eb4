package org.reveille.domain.model.subnet;

import java.util.ArrayList;
import java.util.List;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.net.Cidr;
import org.reveille.net.InvalidAddressException;
import org.reveille.net.Ipv4Address;

/**
 * A subnet's dedicated agents (docs/network.md, "Dedicated agents"): the one or two agents, by address, an
 * administrator pinned as the subnet's proxies instead of elected ones, and whether elected agents may stand in for a
 * dedicated one that is silent or away ({@code standIn}). None: the subnet's Primary and Alternate are elected as
 * always. Pinned agents are the only ones that hold a role while they serve: discovery and the Agent State Manager
 * never give their role to another agent, and without stand-ins nobody else holds one at all.
 */
public record DedicatedAgents(Cidr subnet, List<Ipv4Address> agents, boolean standIn) {

    /** A Primary and an Alternate. */
    public static final int MAX = 2;

    public DedicatedAgents {
        agents = List.copyOf(agents);
        List<Violation> violations = check(subnet, agents);
        if (!violations.isEmpty()) {
            throw new InvalidInputException("The dedicated agents of " + subnet + " are not valid", violations);
        }
    }

    /** No dedicated agents: elected proxies. */
    public static DedicatedAgents none(Cidr subnet) {
        return new DedicatedAgents(subnet, List.of(), false);
    }

    /**
     * The dedicated agents a request names: {@code subnet} (CIDR), {@code agents} (addresses inside it, at most two,
     * the first preferred as Primary; empty: back to elected agents), {@code standIn} (absent: false). Every bad
     * field named.
     */
    public static DedicatedAgents of(String subnet, List<String> agents, Boolean standIn) {
        List<Violation> violations = new ArrayList<>();
        Cidr network = SubnetPairing.parse(subnet, "subnet", violations);
        List<Ipv4Address> addresses = new ArrayList<>();
        if (agents == null) {
            violations.add(new Violation("agents", "required: a list of one or two agent addresses, empty to go back to elected agents"));
        } else {
            for (int i = 0; i < agents.size(); i++) {
                String text = agents.get(i);
                if (text == null || text.isBlank()) {
                    violations.add(new Violation("agents[" + i + "]", "required: an IPv4 address, e.g. 10.20.5.7"));
                    continue;
                }
                try {
                    addresses.add(Ipv4Address.parse(text.strip()));
                } catch (InvalidAddressException e) {
                    violations.add(new Violation("agents[" + i + "]", e.getMessage()));
                }
            }
        }
        if (violations.isEmpty()) {
            violations.addAll(check(network, addresses));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("The dedicated agents are not valid", violations);
        }
        return new DedicatedAgents(network, addresses, Boolean.TRUE.equals(standIn));
    }

    static List<Violation> check(Cidr subnet, List<Ipv4Address> agents) {
        List<Violation> violations = new ArrayList<>();
        if (subnet == null) {
            violations.add(new Violation("subnet", "required"));
            return violations;
        }
        if (agents.size() > MAX) {
            violations.add(new Violation("agents", "at most " + MAX + " dedicated agents (a Primary and an Alternate), not " + agents.size()));
            return violations;
        }
        for (int i = 0; i < agents.size(); i++) {
            Ipv4Address one = agents.get(i);
            String at = "agents[" + i + "]";
            if (!subnet.contains(one)) {
                violations.add(new Violation(at, one + " is not in " + subnet + ": a dedicated agent wakes its own subnet"));
            } else if (subnet.prefixLength() <= 30 && (one.equals(subnet.networkAddress()) || one.equals(subnet.broadcastAddress()))) {
                violations.add(new Violation(at, one + " is the " + (one.equals(subnet.networkAddress()) ? "network" : "broadcast")
                        + " address of " + subnet + ", not a machine's"));
            } else if (agents.indexOf(one) != i) {
                violations.add(new Violation(at, one + " is named twice"));
            }
        }
        return violations;
    }

    /** Whether the subnet has dedicated agents at all. */
    public boolean any() {
        return !agents.isEmpty();
    }

    /** Whether {@code address} is one of the dedicated agents. */
    public boolean pins(Ipv4Address address) {
        return agents.contains(address);
    }
}
