package org.reveille.domain.model.machine;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.Objects;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/** A network adapter of a machine: its MAC and, when the inventory knows them, its IP address and subnet. */
@Embeddable
public class Nic {

    @Column(name = "mac", nullable = false, length = 17)
    private MacAddress mac;

    @Column(name = "ip", length = 15)
    private Ipv4Address ip;

    @Column(name = "subnet", length = 18)
    private Cidr subnet;

    protected Nic() {
    }

    /** @throws IllegalArgumentException when the IP lies outside the given subnet */
    public Nic(MacAddress mac, Ipv4Address ip, Cidr subnet) {
        this.mac = Objects.requireNonNull(mac, "mac");
        if (ip != null && subnet != null && !subnet.contains(ip)) {
            throw new IllegalArgumentException("ip " + ip + " is not inside subnet " + subnet);
        }
        this.ip = ip;
        this.subnet = subnet;
    }

    public MacAddress mac() { return mac; }
    public Ipv4Address ip() { return ip; }
    public Cidr subnet() { return subnet; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Nic other && mac.equals(other.mac) && Objects.equals(ip, other.ip)
                && Objects.equals(subnet, other.subnet);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mac, ip, subnet);
    }

    @Override
    public String toString() {
        return mac + (ip == null ? "" : " " + ip) + (subnet == null ? "" : " " + subnet);
    }
}
