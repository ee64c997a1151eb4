package org.reveille.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"00:1a:2b:3c:4d:5e", "00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "00-1A-2b-3C-4d-5E",
        "001a.2b3c.4d5e", "001A.2B3C.4D5E", "001a2b3c4d5e", "001A2B3C4D5E"})
    void acceptsTheFourSpellingsCaseInsensitively(String text) {
        MacAddress mac = MacAddress.parse(text);
        assertEquals("00:1a:2b:3c:4d:5e", mac.toString());
        assertEquals(mac, MacAddress.parse(mac.toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "00:1a:2b-3c:4d:5e|mixed or misplaced separators",
        "00-1a-2b-3c-4d:5e|mixed or misplaced separators",
        "00.1a.2b.3c.4d.5e|groups of two must be separated by ':' or '-'",
        "001a:2b3c:4d5e|groups of four must be separated by '.'",
        "0:1a:2b:3c:4d:5e|expected aa:bb:cc:dd:ee:ff",
        "00:1a:2b:3c:4d:5e:6f|expected aa:bb:cc:dd:ee:ff",
        "00:1a:2b:3c:4d:5g|'g' is not a hexadecimal digit",
        "001a2b3c4d5z|'z' is not a hexadecimal digit",
        "' 001a2b3c4d5e'|expected aa:bb:cc:dd:ee:ff",
        "ff:ff:ff:ff:ff:ff|the broadcast address cannot be woken",
        "FFFFFFFFFFFF|the broadcast address cannot be woken",
        "00:00:00:00:00:00|the all-zero address names no adapter",
        "00:1a:2b:3c:4d:+5|'+' is not a hexadecimal digit",
        "00:1a::b:3c:4d:5e|':' is not a hexadecimal digit",
    })
    void rejectsEverythingElseWithAReason(String text, String reason) {
        InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> MacAddress.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void rejectsNullAndEmpty() {
        assertThrows(InvalidAddressException.class, () -> MacAddress.parse(null));
        assertThrows(InvalidAddressException.class, () -> MacAddress.parse(""));
    }

    @Test
    void rejectsNonAsciiDigitsThatJavaWouldOtherwiseAccept() {
        // U+0661 is ARABIC-INDIC DIGIT ONE; Character.digit accepts it, a MAC must not.
        assertThrows(InvalidAddressException.class, () -> MacAddress.parse("001a2b3c4d5\u0661"));
    }

    @Test
    void exposesSixBytesWithoutSharingState() {
        MacAddress mac = MacAddress.parse("02:00:7f:14:05:0a");
        byte[] bytes = mac.toBytes();
        assertArrayEquals(new byte[] {0x02, 0x00, 0x7f, 0x14, 0x05, 0x0a}, bytes);
        bytes[0] = 0x55;
        assertEquals("02:00:7f:14:05:0a", mac.toString());
        assertEquals(mac, MacAddress.fromBytes(mac.toBytes()));
        assertEquals(mac, MacAddress.fromLong(0x02007f14050aL));
        assertEquals(0x02007f14050aL, mac.toLong());
        byte[] target = new byte[8];
        mac.copyTo(target, 1);
        assertArrayEquals(new byte[] {0, 0x02, 0x00, 0x7f, 0x14, 0x05, 0x0a, 0}, target);
        assertThrows(InvalidAddressException.class, () -> MacAddress.fromBytes(new byte[5]));
        assertThrows(InvalidAddressException.class, () -> MacAddress.fromBytes(new byte[6]));
        assertThrows(InvalidAddressException.class, () -> MacAddress.fromLong(1L << 48));
    }

    @Test
    void knowsLocallyAdministeredAddresses() {
        assertTrue(MacAddress.parse("02:00:7f:14:05:0a").isLocallyAdministered());
        assertFalse(MacAddress.parse("00:1a:2b:3c:4d:5e").isLocallyAdministered());
    }

    @Test
    void equalityAndOrdering() {
        assertEquals(MacAddress.parse("aabb.ccdd.eeff"), MacAddress.parse("AA-BB-CC-DD-EE-FF"));
        assertEquals(MacAddress.parse("aabb.ccdd.eeff").hashCode(), MacAddress.parse("aa:bb:cc:dd:ee:ff").hashCode());
        assertNotEquals(MacAddress.parse("aa:bb:cc:dd:ee:fe"), MacAddress.parse("aa:bb:cc:dd:ee:ff"));
        assertTrue(MacAddress.parse("00:00:00:00:00:01").compareTo(MacAddress.parse("aa:00:00:00:00:00")) < 0);
    }
}
