package org.reveille.wol;

import java.util.Arrays;

/**
 * A SecureOn password appended to a magic packet: 4 bytes (written like an IPv4 address, 192.168.1.1) or
 * 6 bytes (written like a MAC, 00:11:22:33:44:55 or 00-11-22-33-44-55). The text forms are the ones the
 * common {@code ether-wake} and {@code wakeonlan} tools use.
 */
public final class SecureOnPassword {

    private final byte[] bytes;

    private SecureOnPassword(byte[] bytes) {
        this.bytes = bytes;
    }

    public static SecureOnPassword of(byte[] bytes) {
        if (bytes == null || (bytes.length != 4 && bytes.length != 6)) {
            throw new IllegalArgumentException("a SecureOn password is 4 or 6 bytes, not "
                    + (bytes == null ? "none" : bytes.length));
        }
        return new SecureOnPassword(bytes.clone());
    }

    /** Parses {@code a.b.c.d} (4 bytes, decimal) or six hex pairs separated by ':' or '-' (6 bytes). */
    public static SecureOnPassword parse(String text) {
        if (text != null && text.length() == 17) {
            return new SecureOnPassword(parseHex(text));
        }
        if (text != null && text.indexOf('.') > 0) {
            return new SecureOnPassword(parseDecimal(text));
        }
        throw invalid(text, "expected a.b.c.d (4 bytes) or aa:bb:cc:dd:ee:ff (6 bytes)");
    }

    private static byte[] parseHex(String text) {
        char separator = text.charAt(2);
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            int at = i * 3;
            if (i > 0 && text.charAt(at - 1) != separator || separator != ':' && separator != '-') {
                throw invalid(text, "six hex pairs must be separated by one kind of ':' or '-'");
            }
            int high = hexDigit(text, text.charAt(at));
            int low = hexDigit(text, text.charAt(at + 1));
            out[i] = (byte) (high << 4 | low);
        }
        return out;
    }

    private static int hexDigit(String text, char c) {
        int digit = c <= 'f' ? Character.digit(c, 16) : -1;
        if (digit < 0) {
            throw invalid(text, "'" + c + "' is not a hexadecimal digit");
        }
        return digit;
    }

    private static byte[] parseDecimal(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw invalid(text, "expected four decimal parts");
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                throw invalid(text, "part " + (i + 1) + " is not a number 0-255");
            }
            out[i] = (byte) Integer.parseInt(part);
        }
        return out;
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("Invalid SecureOn password '" + text + "': " + reason);
    }

    public int length() {
        return bytes.length;
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecureOnPassword && Arrays.equals(((SecureOnPassword) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Never prints the secret itself, only its size; logs are not a safe place for it. */
    @Override
    public String toString() {
        return "SecureOnPassword[" + bytes.length + " bytes]";
    }
}
