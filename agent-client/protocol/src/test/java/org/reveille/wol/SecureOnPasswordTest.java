package org.reveille.wol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecureOnPasswordTest {

    @Test
    void parsesBothTextForms() {
        assertArrayEquals(new byte[] {10, 0, 0, (byte) 255}, SecureOnPassword.parse("10.0.0.255").toBytes());
        assertArrayEquals(new byte[] {(byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff},
                SecureOnPassword.parse("aa-BB-cc-DD-ee-FF").toBytes());
        assertEquals(SecureOnPassword.of(new byte[] {1, 2, 3, 4}), SecureOnPassword.parse("1.2.3.4"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.256", "1.2.3.-1", "aa:bb:cc:dd:ee", "aa:bb-cc:dd:ee:ff",
        "aa:bb:cc:dd:ee:fg", "aa.bb.cc.dd.ee.ff", "secret"})
    void rejectsAnythingElse(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecureOnPassword.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void rejectsWrongByteCountsAndNeverPrintsTheSecret() {
        assertThrows(IllegalArgumentException.class, () -> SecureOnPassword.of(new byte[5]));
        assertThrows(IllegalArgumentException.class, () -> SecureOnPassword.of(null));
        String printed = SecureOnPassword.parse("12.34.56.78").toString();
        assertFalse(printed.contains("12"), printed);
        assertTrue(printed.contains("4 bytes"), printed);
    }
}
