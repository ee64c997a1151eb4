package org.reveille.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4AddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "10.1.2.3", "127.20.5.255", "192.168.0.1", "255.255.255.255", "1.10.100.200"})
    void parsesAndPrintsTheCanonicalDottedQuad(String text) {
        assertEquals(text, Ipv4Address.parse(text).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "01.2.3.4|part 1 has a leading zero",
        "1.2.3.010|part 4 has a leading zero",
        "256.1.1.1|part 1 is out of range 0-255",
        "1.2.3.1000|part 4 is out of range 0-255",
        "1.2.3|expected four dot-separated parts, found 3",
        "1.2.3.4.5|more than four parts",
        "1..3.4|part 2 is empty",
        "1.2.3.|part 4 is empty",
        "' 1.2.3.4'|contains ' '",
        "'1.2.3.4 '|contains ' '",
        "1.2.3.-4|contains '-'",
        "0x1.2.3.4|contains 'x'",
        "a.b.c.d|contains 'a'",
        "'1.2.3.\u0664'|contains",
    })
    void rejectsMalformedTextNamingInputAndReason(String text, String reason) {
        InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> Ipv4Address.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(text, e.input());
    }

    @Test
    void rejectsEmptyAndNull() {
        assertThrows(InvalidAddressException.class, () -> Ipv4Address.parse(""));
        assertThrows(InvalidAddressException.class, () -> Ipv4Address.parse(null));
    }

    @Test
    void convertsToAndFromIntLongAndBytes() {
        Ipv4Address address = Ipv4Address.parse("192.168.1.200");
        assertEquals(0xC0A801C8, address.toInt());
        assertEquals(0xC0A801C8L, address.toLong());
        assertEquals(address, Ipv4Address.fromInt(0xC0A801C8));
        assertEquals(address, Ipv4Address.fromLong(3232235976L));
        assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 1, (byte) 200}, address.toBytes());
        assertEquals(address, Ipv4Address.fromBytes(address.toBytes()));
        assertEquals(address, Ipv4Address.of(address.toInetAddress()));
        assertThrows(InvalidAddressException.class, () -> Ipv4Address.fromLong(-1));
        assertThrows(InvalidAddressException.class, () -> Ipv4Address.fromLong(1L << 32));
        assertThrows(InvalidAddressException.class, () -> Ipv4Address.fromBytes(new byte[5]));
    }

    @Test
    void ordersNumericallyUnsignedAndNotByText() {
        List<Ipv4Address> list = new ArrayList<>(List.of(Ipv4Address.parse("200.0.0.1"), Ipv4Address.parse("9.0.0.1"),
                Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("128.0.0.0"), Ipv4Address.parse("127.255.255.255")));
        Collections.sort(list);
        assertEquals("[9.0.0.1, 10.0.0.1, 127.255.255.255, 128.0.0.0, 200.0.0.1]", list.toString());
    }

    @Test
    void equalityFollowsTheValue() {
        assertEquals(Ipv4Address.parse("10.0.0.1"), Ipv4Address.fromLong(0x0A000001L));
        assertEquals(Ipv4Address.parse("10.0.0.1").hashCode(), Ipv4Address.fromLong(0x0A000001L).hashCode());
        assertNotEquals(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"));
    }

    @Test
    void plusStepsThroughAddressesAndRefusesToWrap() {
        assertEquals(Ipv4Address.parse("127.20.6.0"), Ipv4Address.parse("127.20.5.255").plus(1));
        assertEquals(Ipv4Address.parse("127.20.5.254"), Ipv4Address.parse("127.20.5.255").plus(-1));
        assertThrows(ArithmeticException.class, () -> Ipv4Address.parse("255.255.255.255").plus(1));
        assertThrows(ArithmeticException.class, () -> Ipv4Address.parse("0.0.0.0").plus(-1));
    }

    @Test
    void knowsLoopback() {
        assertTrue(Ipv4Address.parse("127.20.5.10").isLoopback());
        assertFalse(Ipv4Address.parse("128.0.0.1").isLoopback());
        assertFalse(Ipv4Address.parse("10.0.0.1").isLoopback());
    }
}
