package org.reveille.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv6PrefixTest {

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8:5::/64", "::/0", "2001:db8::/32", "fe80::/10", "2001:db8::1/128", "2001:db8:0:0:8000::/65", "::1/128"})
    void parsesAndPrintsIt(String text) {
        assertEquals(text, Ipv6Prefix.parse(text).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2001:db8:5::17/64|host bits are set: the prefix of that address is 2001:db8:5::/64",
        "2001:db8::|expected address/length",
        "2001:db8::/129|0-128",
        "2001:db8::/064|0-128",
        "2001:db8::/|0-128",
        "2001:db8::/6a|0-128",
        "2001:db8::/64/64|more than one '/'",
        "2001:db8::g/64|unexpected character 'g'"})
    void rejectsWithTheReason(String text, String reason) {
        InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> Ipv6Prefix.parse(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void containsAndOverlaps() {
        Ipv6Prefix site = Ipv6Prefix.parse("2001:db8::/32");
        Ipv6Prefix link = Ipv6Prefix.parse("2001:db8:5::/64");
        assertTrue(site.contains(link));
        assertFalse(link.contains(site));
        assertTrue(site.overlaps(link) && link.overlaps(site));
        assertTrue(link.contains(Ipv6Address.parse("2001:db8:5::17")));
        assertTrue(link.contains(Ipv6Address.parse("2001:db8:5:0:ffff:ffff:ffff:ffff")));
        assertFalse(link.contains(Ipv6Address.parse("2001:db8:5:1::")));
        assertFalse(Ipv6Prefix.parse("2001:db9::/32").overlaps(site));
        assertEquals(link, Ipv6Prefix.containing(Ipv6Address.parse("2001:db8:5::17"), Ipv6Prefix.LINK));
        assertEquals("2001:db8:0:0:8000::/65", Ipv6Prefix.containing(Ipv6Address.parse("2001:db8::8000:0:0:1"), 65).toString());
        assertEquals("::/0", Ipv6Prefix.containing(Ipv6Address.parse("ff02::1"), 0).toString());
        assertTrue(Ipv6Prefix.parse("::/0").contains(Ipv6Address.ALL_NODES));
        assertThrows(IllegalArgumentException.class, () -> Ipv6Prefix.containing(Ipv6Address.LOOPBACK, 129));
    }
}
