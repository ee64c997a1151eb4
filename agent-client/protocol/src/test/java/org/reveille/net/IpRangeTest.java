package org.reveille.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

    private static Ipv4Address ip(String text) {
        return Ipv4Address.parse(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1-10.0.0.128", "10.0.0.1 - 10.0.0.128", "10.0.0.1\u201310.0.0.128",
        "10.0.0.1 \u2013 10.0.0.128", "10.0.0.1  -  10.0.0.128"})
    void parsesHyphenAndEnDashWithOptionalSpaces(String text) {
        IpRange range = IpRange.parse(text);
        assertEquals(ip("10.0.0.1"), range.start());
        assertEquals(ip("10.0.0.128"), range.end());
        assertEquals("10.0.0.1-10.0.0.128", range.toString());
        assertEquals(128, range.size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.9-10.0.0.1|start 10.0.0.9 is after end 10.0.0.1",
        "10.0.0.1|expected start-end",
        "10.0.0.1-10.0.0.2-10.0.0.3|more than one separator",
        "10.0.0.1-|empty",
        "' 10.0.0.1-10.0.0.2'|contains ' '",
        "10.0.0.1-10.0.0.256|out of range",
        "10.0.0.1—10.0.0.2|expected start-end",
    })
    void rejectsMalformedRanges(String text, String reason) {
        InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> IpRange.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void singleAddressRangeIsAllowed() {
        IpRange one = IpRange.parse("10.0.0.5-10.0.0.5");
        assertEquals(1, one.size());
        assertTrue(one.contains(ip("10.0.0.5")));
        assertFalse(one.contains(ip("10.0.0.6")));
    }

    @Test
    void containsIsInclusiveAtBothEnds() {
        IpRange range = IpRange.parse("192.168.0.1-192.168.0.128");
        assertTrue(range.contains(ip("192.168.0.1")));
        assertTrue(range.contains(ip("192.168.0.128")));
        assertFalse(range.contains(ip("192.168.0.0")));
        assertFalse(range.contains(ip("192.168.0.129")));
        assertTrue(range.contains(IpRange.parse("192.168.0.2-192.168.0.3")));
        assertFalse(range.contains(IpRange.parse("192.168.0.2-192.168.0.200")));
    }

    @Test
    void overlapsRangesThatShareAnAddress() {
        IpRange a = IpRange.parse("192.168.0.1-192.168.0.128");
        assertTrue(a.overlaps(IpRange.parse("192.168.0.128-192.168.0.255")));
        assertFalse(a.overlaps(IpRange.parse("192.168.0.129-192.168.0.255")));
        assertTrue(a.overlaps(IpRange.parse("192.168.0.0-192.168.1.0")));
        assertTrue(IpRange.parse("192.168.0.129-192.168.0.255").overlaps(IpRange.parse("192.168.0.0-192.168.0.200")));
    }

    @Test
    void coversAWholeNetworkOnlyWhenBothEdgesAreInside() {
        Cidr subnet = Cidr.parse("192.168.0.0/24");
        assertTrue(IpRange.parse("192.168.0.0-192.168.0.255").covers(subnet));
        assertTrue(IpRange.parse("192.167.0.0-192.169.0.0").covers(subnet));
        // The split-subnet case of docs/architecture.md#flow-boundaries: neither half owns the subnet.
        assertFalse(IpRange.parse("192.168.0.1-192.168.0.128").covers(subnet));
        assertFalse(IpRange.parse("192.168.0.129-192.168.0.255").covers(subnet));
        assertTrue(IpRange.parse("192.168.0.129-192.168.0.255").overlaps(subnet));
        assertFalse(IpRange.parse("192.168.1.0-192.168.1.255").overlaps(subnet));
    }

    @Test
    void equalityAndOrdering() {
        assertEquals(IpRange.parse("10.0.0.1-10.0.0.2"), IpRange.of(ip("10.0.0.1"), ip("10.0.0.2")));
        assertEquals(IpRange.parse("10.0.0.1-10.0.0.2").hashCode(), IpRange.parse("10.0.0.1 - 10.0.0.2").hashCode());
        assertTrue(IpRange.parse("10.0.0.1-10.0.0.2").compareTo(IpRange.parse("10.0.0.1-10.0.0.3")) < 0);
        assertThrows(InvalidAddressException.class, () -> IpRange.of(ip("10.0.0.2"), ip("10.0.0.1")));
    }
}
