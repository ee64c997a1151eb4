package org.reveille.net;

import java.io.Serializable;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 address in strict dotted-quad form.
 *
 * <p>Parsing accepts exactly four decimal parts 0–255 separated by dots. Leading zeros ("01.2.3.4") are
 * rejected because tools disagree on them: {@code inet_aton} reads "010" as octal 8, others as decimal 10.
 * Whitespace, signs, hex and shortened forms ("10.1") are rejected too. Ordering is numeric (unsigned).
 */
public final class Ipv4Address implements IpAddress, Comparable<Ipv4Address>, Serializable {

    private static final long serialVersionUID = 1L;
    private static final String KIND = "IPv4 address";

    private final int bits;

    private Ipv4Address(int bits) {
        this.bits = bits;
    }

    public static Ipv4Address parse(String text) {
        if (text == null) {
            throw new InvalidAddressException(KIND, null, "no address given");
        }
        if (text.isEmpty()) {
            throw new InvalidAddressException(KIND, text, "empty");
        }
        int value = 0;
        int parts = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.') {
                if (parts == 4) {
                    throw new InvalidAddressException(KIND, text, "more than four parts");
                }
                value = (value << 8) | parsePart(text, start, i, parts + 1);
                parts++;
                start = i + 1;
            }
        }
        if (parts != 4) {
            throw new InvalidAddressException(KIND, text, "expected four dot-separated parts, found " + parts);
        }
        return new Ipv4Address(value);
    }

    private static int parsePart(String text, int from, int to, int ordinal) {
        if (from == to) {
            throw new InvalidAddressException(KIND, text, "part " + ordinal + " is empty");
        }
        int part = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidAddressException(KIND, text,
                        "part " + ordinal + " contains '" + c + "', only decimal digits are allowed");
            }
            part = Math.min(part * 10 + (c - '0'), 1000);
        }
        if (to - from > 1 && text.charAt(from) == '0') {
            throw new InvalidAddressException(KIND, text,
                    "part " + ordinal + " has a leading zero (ambiguous: octal or decimal)");
        }
        if (part > 255) {
            throw new InvalidAddressException(KIND, text, "part " + ordinal + " is out of range 0-255");
        }
        return part;
    }

    /** The address whose 32 bits, most significant first, are {@code bits}. */
    public static Ipv4Address fromInt(int bits) {
        return new Ipv4Address(bits);
    }

    /** The address for an unsigned value 0 to 2^32-1. */
    public static Ipv4Address fromLong(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new InvalidAddressException(KIND, Long.toString(value), "not in range 0 to 4294967295");
        }
        return new Ipv4Address((int) value);
    }

    public static Ipv4Address fromBytes(byte[] octets) {
        if (octets == null || octets.length != 4) {
            throw new InvalidAddressException(KIND, octets == null ? null : octets.length + " bytes",
                    "exactly 4 bytes are needed");
        }
        return new Ipv4Address(((octets[0] & 0xFF) << 24) | ((octets[1] & 0xFF) << 16)
                | ((octets[2] & 0xFF) << 8) | (octets[3] & 0xFF));
    }

    public static Ipv4Address of(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            throw new InvalidAddressException(KIND, String.valueOf(address), "not an IPv4 address");
        }
        return fromBytes(address.getAddress());
    }

    public int toInt() {
        return bits;
    }

    /** The address as an unsigned value 0 to 2^32-1. */
    public long toLong() {
        return bits & 0xFFFF_FFFFL;
    }

    public byte[] toBytes() {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    /** The JDK form, built from the bytes, so no name lookup ever happens. */
    public Inet4Address toInetAddress() {
        try {
            return (Inet4Address) InetAddress.getByAddress(toBytes());
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The address {@code delta} further on; fails rather than wrapping around the address space. */
    public Ipv4Address plus(long delta) {
        long next = toLong() + delta;
        if (next < 0 || next > 0xFFFF_FFFFL) {
            throw new ArithmeticException(this + " + " + delta + " leaves the IPv4 address space");
        }
        return new Ipv4Address((int) next);
    }

    /** True for 127.0.0.0/8, the only destinations tests and the simulator may use. */
    public boolean isLoopback() {
        return (bits >>> 24) == 127;
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv4Address && ((Ipv4Address) o).bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }

    /** The canonical dotted quad, which {@link #parse} accepts. */
    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "." + (bits & 0xFF);
    }
}
