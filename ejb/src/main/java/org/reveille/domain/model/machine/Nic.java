package org.reveille.domain.model.machine;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.Objects;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.Ipv6Address;
import org.reveille.net.MacAddress;

/**
 * A network adapter of a machine: its MAC and, when the inventory knows them, its IPv4 address and subnet and its
 * IPv6 address (docs/network.md, "IPv6": an IPv6-only adapter is placed on the subnet whose link has its prefix).
 */
@Embeddable
public class Nic {

    @Column(name = "mac", nullable = false, length = 17)
    private MacAddress mac;

    @Column(name = "ip", length = 15)
    private Ipv4Address ip;

    @Column(name = "subnet", length = 18)
    private Cidr subnet;

    @Column(name = "ipv6", length = 39)
    private Ipv6Address ipv6;

    protected Nic() {
    }

    /** @throws IllegalArgumentException when the IP lies outside the given subnet */
    public Nic(MacAddress mac, Ipv4Address ip, Cidr subnet) {
        this(mac, ip, subnet, null);
    }

    /**
     * @throws IllegalArgumentException when the IP lies outside the given subnet, or the IPv6 address is not one a
     *         machine is reached at on its link (link-local, multicast, loopback, unspecified or IPv4-mapped)
     */
    public Nic(MacAddress mac, Ipv4Address ip, Cidr subnet, Ipv6Address ipv6) {
        this.mac = Objects.requireNonNull(mac, "mac");
        if (ip != null && subnet != null && !subnet.contains(ip)) {
            throw new IllegalArgumentException("ip " + ip + " is not inside subnet " + subnet);
        }
        String problem = ipv6Problem(ipv6);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.ip = ip;
        this.subnet = subnet;
        this.ipv6 = ipv6;
    }

    /** Why {@code ipv6} cannot be an adapter's IPv6 address in the inventory, or null (null included). */
    public static String ipv6Problem(Ipv6Address ipv6) {
        if (ipv6 == null) {
            return null;
        }
        if (!ipv6.isGlobalOrUniqueLocal()) {
            return "ipv6 " + ipv6 + " is a link-local, multicast, loopback, unspecified or IPv4-mapped address, not a"
                    + " global or unique-local one";
        }
        return null;
    }

    public MacAddress mac() { return mac; }
    public Ipv4Address ip() { return ip; }
    public Cidr subnet() { return subnet; }
    public Ipv6Address ipv6() { return ipv6; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Nic other && mac.equals(other.mac) && Objects.equals(ip, other.ip)
                && Objects.equals(subnet, other.subnet) && Objects.equals(ipv6, other.ipv6);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mac, ip, subnet, ipv6);
    }

    @Override
    public String toString() {
        return mac + (ip == null ? "" : " " + ip) + (subnet == null ? "" : " " + subnet) + (ipv6 == null ? "" : " " + ipv6);
    }
}
