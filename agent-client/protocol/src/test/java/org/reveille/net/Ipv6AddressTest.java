package org.reveille.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ipv6AddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2001:db8::1|2001:db8::1",
        "2001:0DB8:0000:0000:0000:0000:0000:0001|2001:db8::1",
        "::|::",
        "::1|::1",
        "1::|1::",
        "fe80::1:2|fe80::1:2",
        "2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1",
        "2001:0:0:1:0:0:0:1|2001:0:0:1::1",
        "2001:db8:0:1:1:1:1:1|2001:db8:0:1:1:1:1:1",
        "ff02::1|ff02::1",
        "::ffff:10.1.2.3|::ffff:10.1.2.3",
        "::ffff:a01:203|::ffff:10.1.2.3",
        "64:ff9b::192.0.2.33|64:ff9b::c000:221",
        "1:2:3:4:5:6:7:8|1:2:3:4:5:6:7:8"})
    void parsesEveryTextFormAndPrintsTheCanonicalOne(String text, String canonical) {
        Ipv6Address address = Ipv6Address.parse(text);
        assertEquals(canonical, address.toString(), "RFC 5952");
        assertEquals(address, Ipv6Address.parse(canonical), "the canonical form reads back");
        assertEquals(address, Ipv6Address.of(address.toInetAddress()), "the same as the JDK's");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "fe80::1%eth0|a zone",
        "2001:db8::/64|a prefix length",
        "[::1]|unexpected character '['",
        "1::2 3|unexpected character ' '",
        "1:2:3:4:5:6:7|expected 8 groups",
        "1:2:3:4:5:6:7:8:9|more than 8 groups",
        "1::2::3|'::' may appear only once",
        "1:2:3:4::5:6:7:8|at least one zero group",
        "12345::|more than four hex digits",
        "g::1|unexpected character 'g'",
        ":1:2:3:4:5:6:7|an empty group",
        "1.2.3.4::|a dotted IPv4 part may only end the address",
        "::ffff:1.2.3.256|its IPv4 part",
        "1:2:3:4:5:6:7:1.2.3.4|too many groups before the dotted IPv4 part"})
    void rejectsWithTheReason(String text, String reason) {
        InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> Ipv6Address.parse(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains("'" + text + "'"), "quotes the input: " + e.getMessage());
        assertThrows(InvalidAddressException.class, () -> Ipv6Address.parse(""));
        assertThrows(InvalidAddressException.class, () -> Ipv6Address.parse(null));
    }

    @Test
    void agreesWithTheJdkOnBytesAndKnowsItsKinds() throws Exception {
        Ipv6Address address = Ipv6Address.parse("2001:db8:5::17");
        assertArrayEquals(InetAddress.getByName("2001:db8:5::17").getAddress(), address.toBytes());
        assertEquals(address, Ipv6Address.fromBytes(address.toBytes()));
        assertEquals(0x2001, address.group(0));
        assertEquals(0x17, address.group(7));
        assertEquals("ff02::1", Ipv6Address.ALL_NODES.toString());
        assertTrue(Ipv6Address.ALL_NODES.isMulticast());
        assertTrue(Ipv6Address.LOOPBACK.isLoopback());
        assertTrue(Ipv6Address.parse("fe80::1").isLinkLocal());
        assertTrue(Ipv6Address.parse("febf::1").isLinkLocal());
        assertFalse(Ipv6Address.parse("fec0::1").isLinkLocal());
        assertFalse(address.isMulticast());
        assertTrue(Ipv6Address.parse("::ffff:1.2.3.4").isIpv4Mapped());
        assertThrows(IllegalArgumentException.class, () -> Ipv6Address.fromBytes(new byte[4]));
    }

    @Test
    void ordersNumericallyUnsigned() {
        List<Ipv6Address> sorted = new ArrayList<>(List.of(Ipv6Address.parse("ff02::1"), Ipv6Address.parse("::1"),
                Ipv6Address.parse("8000::"), Ipv6Address.parse("2001:db8::"), Ipv6Address.parse("::")));
        Collections.sort(sorted);
        assertEquals(List.of("::", "::1", "2001:db8::", "8000::", "ff02::1"), sorted.stream().map(Object::toString).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2001:db8::1|true", "fd7f:58:1::9|true", "fc00::1|true", "2a00:1450:4001::1|true", "0:0:0:1::|true",
        "fe80::1|false", "febf::1|false", "ff02::1|false", "ff05::2|false", "::|false", "::1|false", "::ffff:127.0.0.1|false",
        "::7f00:1|false"})
    void globalOrUniqueLocalIsNeitherLinkLocalNorMulticastNorInTheFirstSlash64(String text, boolean expected) {
        assertEquals(expected, Ipv6Address.parse(text).isGlobalOrUniqueLocal(), text);
    }
}
