package org.reveille.sim;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.reveille.agent.RunningAgent;
import org.reveille.agent.RoleMemory;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

/** One simulated /24: its machines, its running agents, its segment recorder and its broadcast relay. */
public final class SimulatedSubnet {

    private final Cidr cidr;
    private final List<SimulatedMachine> machines;
    private final MagicPacketRecorder segment;
    private final SubnetBroadcastRelay relay;
    final Map<Ipv4Address, RunningAgent> agents = new ConcurrentHashMap<>();
    final Map<Ipv4Address, RoleMemory> roleMemories = new ConcurrentHashMap<>();

    SimulatedSubnet(Cidr cidr, List<SimulatedMachine> machines, MagicPacketRecorder segment,
            SubnetBroadcastRelay relay) {
        this.cidr = cidr;
        this.machines = List.copyOf(machines);
        this.segment = segment;
        this.relay = relay;
    }

    public Cidr cidr() {
        return cidr;
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
