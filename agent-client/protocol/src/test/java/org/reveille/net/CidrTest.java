package org.reveille.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    private static Ipv4Address ip(String text) {
        return Ipv4Address.parse(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.1.2.0/24|10.1.2.0/24",
        "10.1.2.0/255.255.255.0|10.1.2.0/24",
        "10.1.2.0 255.255.255.0|10.1.2.0/24",
        "0.0.0.0/0|0.0.0.0/0",
        "0.0.0.0 0.0.0.0|0.0.0.0/0",
        "10.1.2.4/31|10.1.2.4/31",
        "10.1.2.5/32|10.1.2.5/32",
        "172.16.0.0 255.240.0.0|172.16.0.0/12",
    })
    void parsesEveryAcceptedFormToTheCanonicalForm(String text, String canonical) {
        assertEquals(canonical, Cidr.parse(text).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.1.2.5/24|host bits are set; the network is 10.1.2.0/24",
        "10.1.2.0/33|prefix length 33 is greater than 32",
        "10.1.2.0/024|prefix length has a leading zero",
        "10.1.2.0/|prefix length must be a number 0-32",
        "10.1.2.0/-1|prefix length must be a number 0-32",
        "10.1.2.0 255.0.255.0|mask 255.0.255.0 is not contiguous",
        "10.1.2.0/255.255.255.1|mask 255.255.255.1 is not contiguous",
        "10.1.2.0|expected address/prefix",
        "10.1.2.0 24|a space must be followed by a dotted mask",
        "10.1.2.0/24/24|more than one separator",
        "10.1.2.0  255.255.255.0|more than one separator",
        "'10.1.2.0 /24'|more than one separator",
        "10.1.2/24|expected four dot-separated parts",
        "10.1.2.0/255.255.256.0|out of range",
    })
    void rejectsMalformedNetworksWithAReason(String text, String reason) {
        InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> Cidr.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void containingNormalisesAHostAddress() {
        assertEquals(Cidr.parse("10.1.2.0/24"), Cidr.containing(ip("10.1.2.77"), 24));
        assertEquals(Cidr.parse("127.20.5.0/24"), Cidr.containing(ip("127.20.5.10"), ip("255.255.255.0")));
        assertEquals(Cidr.parse("0.0.0.0/0"), Cidr.containing(ip("200.1.2.3"), 0));
        assertThrows(InvalidAddressException.class, () -> Cidr.containing(ip("1.2.3.4"), 33));
        assertThrows(InvalidAddressException.class, () -> Cidr.of(ip("10.1.2.1"), 24));
    }

    @Test
    void computesMaskBroadcastAndSize() {
        Cidr cidr = Cidr.parse("10.1.2.0/24");
        assertEquals(ip("10.1.2.0"), cidr.networkAddress());
        assertEquals(ip("10.1.2.255"), cidr.broadcastAddress());
        assertEquals(ip("255.255.255.0"), cidr.mask());
        assertEquals(256, cidr.size());
        assertEquals(24, cidr.prefixLength());

        Cidr all = Cidr.parse("0.0.0.0/0");
        assertEquals(ip("0.0.0.0"), all.mask());
        assertEquals(ip("255.255.255.255"), all.broadcastAddress());
        assertEquals(1L << 32, all.size());

        Cidr pair = Cidr.parse("10.1.2.4/31");
        assertEquals(ip("10.1.2.5"), pair.broadcastAddress());
        assertEquals(2, pair.size());

        Cidr host = Cidr.parse("10.1.2.5/32");
        assertEquals(ip("10.1.2.5"), host.broadcastAddress());
        assertEquals(ip("255.255.255.255"), host.mask());
        assertEquals(1, host.size());
    }

    @Test
    void maskAndPrefixConvertBothWays() {
        for (int prefix = 0; prefix <= 32; prefix++) {
            assertEquals(prefix, Cidr.prefixLengthOf(Cidr.maskOf(prefix)));
        }
        assertEquals(ip("255.255.254.0"), Cidr.maskOf(23));
        assertThrows(InvalidAddressException.class, () -> Cidr.prefixLengthOf(ip("255.0.255.0")));
    }

    @Test
    void containsAddressesAtTheEdgesOnly() {
        Cidr cidr = Cidr.parse("10.1.2.0/24");
        assertTrue(cidr.contains(ip("10.1.2.0")));
        assertTrue(cidr.contains(ip("10.1.2.255")));
        assertFalse(cidr.contains(ip("10.1.1.255")));
        assertFalse(cidr.contains(ip("10.1.3.0")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("255.255.255.255")));
        assertTrue(Cidr.parse("10.1.2.5/32").contains(ip("10.1.2.5")));
        assertFalse(Cidr.parse("10.1.2.5/32").contains(ip("10.1.2.4")));
        assertTrue(Cidr.parse("128.0.0.0/1").contains(ip("255.0.0.1")));
        assertFalse(Cidr.parse("128.0.0.0/1").contains(ip("127.255.255.255")));
    }

    @Test
    void containsAndOverlapsOtherNetworks() {
        Cidr big = Cidr.parse("10.1.0.0/16");
        Cidr small = Cidr.parse("10.1.255.0/24");
        Cidr other = Cidr.parse("10.2.0.0/24");
        assertTrue(big.contains(small));
        assertFalse(small.contains(big));
        assertTrue(big.contains(big));
        assertTrue(big.overlaps(small));
        assertTrue(small.overlaps(big));
        assertFalse(big.overlaps(other));
        assertFalse(Cidr.parse("10.1.2.4/31").overlaps(Cidr.parse("10.1.2.6/31")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(other));
    }

    @Test
    void equalityOrderingAndRange() {
        assertEquals(Cidr.parse("10.1.2.0/24"), Cidr.parse("10.1.2.0 255.255.255.0"));
        assertEquals(Cidr.parse("10.1.2.0/24").hashCode(), Cidr.parse("10.1.2.0/255.255.255.0").hashCode());
        assertTrue(Cidr.parse("10.1.0.0/16").compareTo(Cidr.parse("10.1.0.0/24")) < 0);
        assertTrue(Cidr.parse("9.0.0.0/8").compareTo(Cidr.parse("10.0.0.0/8")) < 0);
        assertEquals(IpRange.parse("10.1.2.0-10.1.2.255"), Cidr.parse("10.1.2.0/24").toRange());
    }
}
