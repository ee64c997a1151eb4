package org.reveille.sim;

import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.Ipv6Address;
import org.reveille.net.MacAddress;

/**
 * One machine of the simulated estate, as the inventory describes it. Its address and MAC derive from each
 * other (02:00 followed by the four address bytes), so names, resource ids and MACs are easy to follow in logs.
 * In a fleet with IPv6 ({@link FleetConfig.Builder#ipv6}) 127.x.y.z also has the IPv6 address {@code fd7f:x:y::z}
 * (hexadecimal), on its subnet's link {@code fd7f:x:y::/64}; {@code ipv6} is null otherwise.
 */
public record SimulatedMachine(String name, String resourceId, SimulatedChassis chassis, MacAddress mac, Ipv4Address ip,
        Cidr subnet, Kind kind, Ipv6Address ipv6) {

    /** The first 16 bits of every simulated IPv6 address: a unique-local prefix (fc00::/7), never routed. */
    static final long IPV6_PREFIX = 0xfd7fL;

    /** What the simulator puts behind the address. */
    public enum Kind {
        /** A running agent, the real agent code, listening on the address. */
        AGENT,
        /** A host that answers nothing: connections to it are refused. */
        DEAD,
        /** A sleeping machine: its magic packets are recorded on the subnet's segment. */
        SLEEPING
    }

    /** A machine without IPv6 address. */
    public SimulatedMachine(String name, String resourceId, SimulatedChassis chassis, MacAddress mac, Ipv4Address ip,
                            Cidr subnet, Kind kind) {
        this(name, resourceId, chassis, mac, ip, subnet, kind, null);
    }

    static SimulatedMachine of(Ipv4Address ip, Cidr subnet, SimulatedChassis chassis, Kind kind) {
        return of(ip, subnet, chassis, kind, false);
    }

    static SimulatedMachine of(Ipv4Address ip, Cidr subnet, SimulatedChassis chassis, Kind kind, boolean ipv6) {
        String dashed = ip.toString().replace('.', '-');
        return new SimulatedMachine("PC-" + dashed, "R-" + ip, chassis, MacAddress.fromLong(0x0200_0000_0000L | ip.toLong()),
                ip, subnet, kind, ipv6 ? ipv6Of(ip) : null);
    }

    /** {@code fd7f:x:y::z} for 127.x.y.z. */
    static Ipv6Address ipv6Of(Ipv4Address ip) {
        long bits = ip.toLong();
        return Ipv6Address.of(IPV6_PREFIX << 48 | (bits >>> 16 & 0xff) << 32 | (bits >>> 8 & 0xff) << 16, bits & 0xff);
    }
}
