package org.reveille.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reveille.domain.model.subnet.LinkPrefix;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv6Address;
import org.reveille.net.Ipv6Prefix;

/** An IPv6-only adapter is placed on the subnet whose link holds its address by the longest prefix. */
class Ipv6PlacementTest {

    private static LinkPrefix prefix(String prefix, String subnet) {
        return new LinkPrefix(Ipv6Prefix.parse(prefix), Cidr.parse(subnet), LinkPrefix.Source.AGENT, Instant.EPOCH);
    }

    @Test
    void theLongestPrefixWins() {
        Ipv6Links.Placement placement = new Ipv6Links.Placement(List.of(prefix("fd7f:55::/48", "127.85.0.0/24"),
                prefix("fd7f:55:0:1::/64", "127.85.1.0/24"), prefix("2001:db8:55:1::/64", "127.85.1.0/24")));
        assertEquals(Optional.of(Cidr.parse("127.85.1.0/24")), placement.subnetOf(Ipv6Address.parse("fd7f:55:0:1::17")));
        assertEquals(Optional.of(Cidr.parse("127.85.0.0/24")), placement.subnetOf(Ipv6Address.parse("fd7f:55:0:2::17")));
        assertEquals(Optional.of(Cidr.parse("127.85.1.0/24")), placement.subnetOf(Ipv6Address.parse("2001:db8:55:1:abcd::1")));
        assertEquals(Optional.empty(), placement.subnetOf(Ipv6Address.parse("2001:db8:56::1")));
    }
}
