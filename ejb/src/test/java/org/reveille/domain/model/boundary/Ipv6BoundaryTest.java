package org.reveille.domain.model.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.Ipv6Address;
import org.reveille.net.Ipv6Prefix;

/** IPv6 prefix boundaries (docs/network.md, "IPv6"): given in the subnet member, kept apart from the IPv4 ranges. */
class Ipv6BoundaryTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void aPrefixInTheSubnetMemberIsAnIpv6Boundary() {
        BoundaryDefinition definition = BoundaryDefinition.of("2001:db8:5::/48", null, "console", null);
        assertEquals(Ipv6Prefix.parse("2001:db8:5::/48"), definition.prefix6());
        Boundary boundary = definition.toBoundary("admin", NOW);
        assertEquals(Boundary.Kind.PREFIX6, boundary.kind());
        assertEquals("2001:db8:5::/48 (console)", boundary.toString());
        assertThrows(IllegalStateException.class, boundary::range);
        for (String bad : List.of("2001:db8:5::1/48", "::/0", "2001:db8::/129", "2001:db8:::/48")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> BoundaryDefinition.of(bad, null, "console", null), bad);
            assertEquals("subnet", e.violations().get(0).field(), bad);
        }
    }

    @Test
    void theSetHoldsIpv6AddressesByPrefixAndIpv4OnesByRange() {
        Boundary v4 = Boundary.subnet(Cidr.parse("127.85.1.0/24"), "console", null, "admin", NOW);
        Boundary wide = Boundary.prefix6(Ipv6Prefix.parse("fd7f:55::/32"), "console", null, "admin", NOW);
        Boundary narrow = Boundary.prefix6(Ipv6Prefix.parse("fd7f:55:1::/64"), "sccm", null, "admin", NOW);
        Boundary apart = Boundary.prefix6(Ipv6Prefix.parse("2001:db8::/32"), "sccm", null, "admin", NOW);
        BoundarySet set = new BoundarySet(List.of(v4, wide, narrow, apart));
        assertEquals(1, set.merged().size(), "IPv6 prefixes are not IPv4 ranges");
        assertTrue(set.contains(Ipv4Address.parse("127.85.1.9")));
        assertTrue(set.contains(Ipv6Address.parse("fd7f:55:1::9")));
        assertFalse(set.contains(Ipv6Address.parse("fd7f:56::9")));
        assertFalse(set.contains((Ipv6Address) null));
        assertEquals(1, set.overlaps().size(), set.overlaps().toString());
        assertEquals(List.of(wide, narrow), List.of(set.overlaps().get(0).first(), set.overlaps().get(0).second()));
        assertTrue(wide.sameAddresses(Boundary.prefix6(Ipv6Prefix.parse("fd7f:55::/32"), "sccm", null, "admin", NOW)));
        assertFalse(wide.sameAddresses(narrow));
        assertFalse(v4.overlaps(wide));
    }
}
