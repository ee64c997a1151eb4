package org.reveille.sim;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.reveille.agent.RunningAgent;
import org.reveille.agent.RoleMemory;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.Ipv6Prefix;

/**
 * One simulated /24: its machines, its running agents, its segment recorder and its broadcast relay; in a fleet with
 * IPv6, its IPv6 link prefix.
 */
public final class SimulatedSubnet {

    private final Cidr cidr;
    private final List<SimulatedMachine> machines;
    private final MagicPacketRecorder segment;
    private final SubnetBroadcastRelay relay;
    private final Ipv6Prefix ipv6Prefix;
    final Map<Ipv4Address, RunningAgent> agents = new ConcurrentHashMap<>();
    final Map<Ipv4Address, RoleMemory> roleMemories = new ConcurrentHashMap<>();

    SimulatedSubnet(Cidr cidr, List<SimulatedMachine> machines, MagicPacketRecorder segment,
            SubnetBroadcastRelay relay, boolean ipv6) {
        this.cidr = cidr;
        this.ipv6Prefix = ipv6 ? ipv6PrefixOf(cidr) : null;
        this.machines = List.copyOf(machines);
        this.segment = segment;
        this.relay = relay;
    }

    public Cidr cidr() {
        return cidr;
    }

    /** The subnet's IPv6 link prefix, {@code fd7f:x:y::/64} for 127.x.y.0/24; null when the fleet has no IPv6. */
    public Ipv6Prefix ipv6Prefix() {
        return ipv6Prefix;
    }

    static Ipv6Prefix ipv6PrefixOf(Cidr cidr) {
        return Ipv6Prefix.containing(SimulatedMachine.ipv6Of(cidr.networkAddress()), Ipv6Prefix.LINK);
    }

    public List<SimulatedMachine> machines() {
        return machines;
    }

    public List<SimulatedMachine> machines(SimulatedMachine.Kind kind) {
        return machines.stream().filter(m -> m.kind() == kind).collect(Collectors.toList());
    }

    /** The agents running now, by address (a killed agent is absent until restarted). */
    public Map<Ipv4Address, RunningAgent> agents() {
        return Map.copyOf(agents);
    }

    /** What the subnet's segment has recorded. */
    public MagicPacketRecorder segment() {
        return segment;
    }

    SubnetBroadcastRelay relay() {
        return relay;
    }
}
