package org.reveille.sim;

import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * One machine of the simulated estate, as the inventory describes it. Its address and MAC derive from each
 * other (02:00 followed by the four address bytes), so names, resource ids and MACs are easy to follow in logs.
 */
public record SimulatedMachine(String name, String resourceId, SimulatedChassis chassis, MacAddress mac, Ipv4Address ip,
        Cidr subnet, Kind kind) {

    /** What the simulator puts behind the address. */
    public enum Kind {
        /** A running agent, the real agent code, listening on the address. */
        AGENT,
        /** A host that answers nothing: connections to it are refused. */
        DEAD,
        /** A sleeping machine: its magic packets are recorded on the subnet's segment. */
        SLEEPING
    }

    static SimulatedMachine of(Ipv4Address ip, Cidr subnet, SimulatedChassis chassis, Kind kind) {
        String dashed = ip.toString().replace('.', '-');
        return new SimulatedMachine("PC-" + dashed, "R-" + ip, chassis, MacAddress.fromLong(0x0200_0000_0000L | ip.toLong()),
                ip, subnet, kind);
    }
}
