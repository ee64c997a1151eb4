package org.reveille.domain.model.subnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv6Prefix;

/** An administrator's IPv6 prefixes of a subnet's link: every bad member named, nothing half-taken. */
class LinkPrefixesTest {

    @Test
    void validPrefixesAreTakenInOrder() {
        LinkPrefixes prefixes = LinkPrefixes.of(" 127.85.1.0/24 ", List.of("fd7f:55:1::/64", " 2001:DB8:55:1::/64 "));
        assertEquals(Cidr.parse("127.85.1.0/24"), prefixes.subnet());
        assertEquals(List.of(Ipv6Prefix.parse("fd7f:55:1::/64"), Ipv6Prefix.parse("2001:db8:55:1::/64")), prefixes.prefixes());
        assertEquals(List.of(), LinkPrefixes.of("127.85.1.0/24", List.of()).prefixes(), "empty: none");
    }

    @Test
    void everyBadMemberIsNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LinkPrefixes.of("127.85.1.7/24",
                Arrays.asList("fe80::/64", "2001:db8::1/64", null, "ff02::/16", "::/64", "fd00::/48", "fd00:0:0:1::/64", "banana")));
        List<String> fields = e.violations().stream().map(Violation::field).toList();
        assertEquals(List.of("subnet", "prefixes[0]", "prefixes[1]", "prefixes[2]", "prefixes[3]", "prefixes[4]", "prefixes[6]",
                "prefixes[7]"), fields, e.violations().toString());
        assertTrue(e.violations().get(2).message().contains("host bits"), e.violations().toString());
        assertTrue(e.violations().get(6).message().contains("overlaps"), e.violations().toString());
        InvalidInputException many = assertThrows(InvalidInputException.class, () -> LinkPrefixes.of("127.85.1.0/24",
                java.util.stream.IntStream.range(0, 9).mapToObj(i -> "fd7f:55:" + i + "::/64").toList()));
        assertTrue(many.violations().get(0).message().contains("at most 8"), many.violations().toString());
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> LinkPrefixes.of("127.85.1.0/24", null));
        assertEquals("prefixes", missing.violations().get(0).field());
    }
}
