package org.reveille.net;

import java.io.Serializable;

/**
 * A 48-bit Ethernet MAC address that can be the target of a magic packet.
 *
 * <p>{@link #parse} accepts exactly four spellings, case-insensitive: {@code aa:bb:cc:dd:ee:ff},
 * {@code aa-bb-cc-dd-ee-ff}, {@code aabb.ccdd.eeff} and {@code aabbccddeeff}. Anything else is rejected,
 * including mixed separators, as are the broadcast address ff:ff:ff:ff:ff:ff and 00:00:00:00:00:00, which
 * inventory systems report for virtual or missing adapters and which can never be woken.
 * The canonical form is lower-case and colon-separated.
 */
public final class MacAddress implements Comparable<MacAddress>, Serializable {

    private static final long serialVersionUID = 1L;
    private static final String KIND = "MAC address";
    private static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final long bits;

    private MacAddress(long bits) {
        this.bits = bits;
    }

    public static MacAddress parse(String text) {
        if (text == null) {
            throw new InvalidAddressException(KIND, null, "no address given");
        }
        String hex;
        switch (text.length()) {
            case 17:
                hex = sixGroups(text);
                break;
            case 14:
                hex = threeGroups(text);
                break;
            case 12:
                hex = text;
                break;
            default:
                throw new InvalidAddressException(KIND, text,
                        "expected aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff or aabbccddeeff");
        }
        long value = 0;
        for (int i = 0; i < 12; i++) {
            int digit = Character.digit(hex.charAt(i), 16);
            if (digit < 0 || hex.charAt(i) > 'f') {
                throw new InvalidAddressException(KIND, text, "'" + hex.charAt(i) + "' is not a hexadecimal digit");
            }
            value = (value << 4) | digit;
        }
        return checked(text, value);
    }

    private static String sixGroups(String text) {
        char separator = text.charAt(2);
        if (separator != ':' && separator != '-') {
            throw new InvalidAddressException(KIND, text, "groups of two must be separated by ':' or '-'");
        }
        StringBuilder hex = new StringBuilder(12);
        for (int group = 0; group < 6; group++) {
            int at = group * 3;
            if (group > 0 && text.charAt(at - 1) != separator) {
                throw new InvalidAddressException(KIND, text, "mixed or misplaced separators");
            }
            hex.append(text, at, at + 2);
        }
        return hex.toString();
    }

    private static String threeGroups(String text) {
        if (text.charAt(4) != '.' || text.charAt(9) != '.') {
            throw new InvalidAddressException(KIND, text, "groups of four must be separated by '.'");
        }
        return text.substring(0, 4) + text.substring(5, 9) + text.substring(10, 14);
    }

    private static MacAddress checked(String text, long value) {
        if (value == 0) {
            throw new InvalidAddressException(KIND, text, "the all-zero address names no adapter");
        }
        if (value == BROADCAST) {
            throw new InvalidAddressException(KIND, text, "the broadcast address cannot be woken");
        }
        return new MacAddress(value);
    }

    public static MacAddress fromBytes(byte[] octets) {
        if (octets == null || octets.length != 6) {
            throw new InvalidAddressException(KIND, octets == null ? null : octets.length + " bytes",
                    "exactly 6 bytes are needed");
        }
        long value = 0;
        for (byte b : octets) {
            value = (value << 8) | (b & 0xFF);
        }
        return checked(format(value), value);
    }

    /** The address from its 48 low-order bits. */
    public static MacAddress fromLong(long value) {
        if ((value & ~BROADCAST) != 0) {
            throw new InvalidAddressException(KIND, Long.toHexString(value), "more than 48 bits");
        }
        return checked(format(value), value);
    }

    public long toLong() {
        return bits;
    }

    /** A fresh copy of the six bytes, first octet first. */
    public byte[] toBytes() {
        byte[] octets = new byte[6];
        copyTo(octets, 0);
        return octets;
    }

    /** Writes the six bytes into {@code target} at {@code offset}, for building packets without copies. */
    public void copyTo(byte[] target, int offset) {
        for (int i = 0; i < 6; i++) {
            target[offset + i] = (byte) (bits >>> (40 - 8 * i));
        }
    }

    /** True when the locally-administered bit is set, as for the simulator's 02:... addresses. */
    public boolean isLocallyAdministered() {
        return ((bits >>> 40) & 0x02) != 0;
    }

    @Override
    public int compareTo(MacAddress other) {
        return Long.compare(bits, other.bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress && ((MacAddress) o).bits == bits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bits);
    }

    /** The canonical form, lower-case and colon-separated, which {@link #parse} accepts. */
    @Override
    public String toString() {
        return format(bits);
    }

    private static String format(long value) {
        char[] out = new char[17];
        for (int i = 0; i < 6; i++) {
            int octet = (int) (value >>> (40 - 8 * i)) & 0xFF;
            out[i * 3] = HEX[octet >>> 4];
            out[i * 3 + 1] = HEX[octet & 0xF];
            if (i < 5) {
                out[i * 3 + 2] = ':';
            }
        }
        return new String(out);
    }
}
