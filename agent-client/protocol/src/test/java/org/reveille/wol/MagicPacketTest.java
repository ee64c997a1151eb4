package org.reveille.wol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.reveille.net.MacAddress;

class MagicPacketTest {

    private static final MacAddress MAC = MacAddress.parse("00:1a:2b:3c:4d:5e");

    @Test
    void isSixSyncBytesThenTheMacSixteenTimes() {
        byte[] bytes = MagicPacket.of(MAC).toBytes();
        assertEquals(102, bytes.length);
        for (int i = 0; i < 6; i++) {
            assertEquals((byte) 0xFF, bytes[i], "sync byte " + i);
        }
        byte[] mac = {0x00, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e};
        for (int i = 0; i < 16; i++) {
            assertArrayEquals(mac, Arrays.copyOfRange(bytes, 6 + 6 * i, 12 + 6 * i), "repetition " + i);
        }
    }

    @Test
    void appendsAFourOrSixByteSecureOnPassword() {
        byte[] four = MagicPacket.of(MAC, SecureOnPassword.parse("192.168.1.1")).toBytes();
        assertEquals(106, four.length);
        assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 1, 1}, Arrays.copyOfRange(four, 102, 106));
        byte[] six = MagicPacket.of(MAC, SecureOnPassword.parse("01:23:45:67:89:AB")).toBytes();
        assertEquals(108, six.length);
        assertArrayEquals(new byte[] {1, 0x23, 0x45, 0x67, (byte) 0x89, (byte) 0xab}, Arrays.copyOfRange(six, 102, 108));
        assertArrayEquals(MagicPacket.of(MAC).toBytes(), Arrays.copyOf(six, 102));
    }

    @Test
    void parsesWhatItBuilds() {
        MagicPacket plain = MagicPacket.of(MAC);
        MagicPacket parsed = MagicPacket.parse(plain.toBytes(), 0, 102);
        assertEquals(MAC, parsed.target());
        assertNull(parsed.password());
        assertEquals(plain, parsed);

        SecureOnPassword password = SecureOnPassword.parse("01-23-45-67-89-ab");
        byte[] framed = new byte[120];
        System.arraycopy(MagicPacket.of(MAC, password).toBytes(), 0, framed, 5, 108);
        MagicPacket withPassword = MagicPacket.parse(framed, 5, 108);
        assertEquals(password, withPassword.password());
        assertEquals(MAC, withPassword.target());
    }

    @Test
    void parseRejectsWrongLengthSyncOrRepetition() {
        byte[] good = MagicPacket.of(MAC).toBytes();
        assertThrows(IllegalArgumentException.class, () -> MagicPacket.parse(good, 0, 101));
        assertThrows(IllegalArgumentException.class, () -> MagicPacket.parse(new byte[104], 0, 104));
        byte[] badSync = good.clone();
        badSync[3] = 0;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MagicPacket.parse(badSync, 0, 102))
                .getMessage().contains("six 0xFF"));
        byte[] badRepeat = good.clone();
        badRepeat[101] ^= 1;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MagicPacket.parse(badRepeat, 0, 102))
                .getMessage().contains("repetition 16"));
    }

    @Test
    void toBytesIsADefensiveCopy() {
        MagicPacket packet = MagicPacket.of(MAC);
        packet.toBytes()[0] = 0;
        assertEquals((byte) 0xFF, packet.toBytes()[0]);
    }
}
