package org.reveille.net;

import java.io.Serializable;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv6 address (RFC 4291), without a zone.
 *
 * <p>Parsing accepts the text forms of RFC 4291 section 2.2: eight groups of one to four hex digits, at most one
 * {@code ::} for a run of zero groups, and a dotted IPv4 address in place of the last two groups
 * ({@code ::ffff:10.1.2.3}); upper and lower case. It rejects a zone ({@code fe80::1%eth0}: the interface is not part
 * of the address), brackets, a prefix length, whitespace and groups of more than four digits. {@link #toString} is the
 * canonical form of RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups (the first of
 * equal runs) as {@code ::}, an IPv4-mapped address with its IPv4 part dotted. Ordering is numeric (unsigned).
 */
public final class Ipv6Address implements IpAddress, Comparable<Ipv6Address>, Serializable {

    private static final long serialVersionUID = 1L;
    private static final String KIND = "IPv6 address";

    /** The all-nodes multicast address of a link (RFC 4291 section 2.7.1): where an agent sends on an IPv6 link. */
    public static final Ipv6Address ALL_NODES = new Ipv6Address(0xff02L << 48, 1L);

    /** The loopback address {@code ::1}. */
    public static final Ipv6Address LOOPBACK = new Ipv6Address(0L, 1L);

    private final long high;
    private final long low;

    private Ipv6Address(long high, long low) {
        this.high = high;
        this.low = low;
    }

    public static Ipv6Address of(long high, long low) {
        return new Ipv6Address(high, low);
    }

    public static Ipv6Address parse(String text) {
        if (text == null) {
            throw new InvalidAddressException(KIND, null, "no address given");
        }
        if (text.isEmpty()) {
            throw new InvalidAddressException(KIND, text, "empty");
        }
        if (text.indexOf('%') >= 0) {
            throw new InvalidAddressException(KIND, text, "a zone (%...) is not part of the address: give the interface on its own");
        }
        if (text.indexOf('/') >= 0) {
            throw new InvalidAddressException(KIND, text, "a prefix length is not part of an address: give a prefix where one is asked for");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
                throw new InvalidAddressException(KIND, text, "unexpected character '" + c + "' at position " + (i + 1));
            }
        }
        int compression = text.indexOf("::");
        if (compression >= 0 && text.indexOf("::", compression + 1) >= 0) {
            throw new InvalidAddressException(KIND, text, "'::' may appear only once");
        }
        int[] groups = new int[8];
        if (compression < 0) {
            int n = parseGroups(text, text, groups, 0, true);
            if (n != 8) {
                throw new InvalidAddressException(KIND, text, "expected 8 groups (or '::' for a run of zero groups), found " + n);
            }
        } else {
            String head = text.substring(0, compression);
            String tail = text.substring(compression + 2);
            int[] back = new int[8];
            int before = head.isEmpty() ? 0 : parseGroups(text, head, groups, 0, false);
            int after = tail.isEmpty() ? 0 : parseGroups(text, tail, back, 0, true);
            if (before + after > 7) {
                throw new InvalidAddressException(KIND, text, "'::' must stand for at least one zero group, but " + (before + after) + " groups are given");
            }
            System.arraycopy(back, 0, groups, 8 - after, after);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = high << 16 | groups[i];
            low = low << 16 | groups[i + 4];
        }
        return new Ipv6Address(high, low);
    }

    /** Parses colon-separated groups of {@code part} into {@code into} from {@code at}; a dotted IPv4 last when {@code last}. */
    private static int parseGroups(String text, String part, int[] into, int at, boolean last) {
        String[] pieces = part.split(":", -1);
        int n = at;
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (piece.isEmpty()) {
                throw new InvalidAddressException(KIND, text, "an empty group (a single ':' at an end, or ':::')");
            }
            if (piece.indexOf('.') >= 0) {
                if (!last || i != pieces.length - 1) {
                    throw new InvalidAddressException(KIND, text, "a dotted IPv4 part may only end the address");
                }
                if (n > 6) {
                    throw new InvalidAddressException(KIND, text, "too many groups before the dotted IPv4 part");
                }
                int v4;
                try {
                    v4 = Ipv4Address.parse(piece).toInt();
                } catch (InvalidAddressException e) {
                    throw new InvalidAddressException(KIND, text, "its IPv4 part: " + e.reason());
                }
                into[n++] = v4 >>> 16;
                into[n++] = v4 & 0xffff;
                continue;
            }
            if (piece.length() > 4) {
                throw new InvalidAddressException(KIND, text, "group '" + piece + "' has more than four hex digits");
            }
            if (n >= 8) {
                throw new InvalidAddressException(KIND, text, "more than 8 groups");
            }
            into[n++] = Integer.parseInt(piece, 16);
        }
        return n - at;
    }

    public static Ipv6Address fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != 16) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + (bytes == null ? "none" : bytes.length));
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = high << 8 | (bytes[i] & 0xff);
            low = low << 8 | (bytes[i + 8] & 0xff);
        }
        return new Ipv6Address(high, low);
    }

    /** The address of an {@link Inet6Address} (its scope, if any, is dropped). */
    public static Ipv6Address of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            throw new IllegalArgumentException("not an IPv6 address: " + address);
        }
        return fromBytes(address.getAddress());
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[i + 8] = (byte) (low >>> (56 - 8 * i));
        }
        return bytes;
    }

    /** As an {@link Inet6Address} without scope (an IPv4-mapped address too, which InetAddress would make IPv4). */
    public Inet6Address toInetAddress() {
        try {
            return Inet6Address.getByAddress(null, toBytes(), (java.net.NetworkInterface) null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an address", e);
        }
    }

    /** The upper 64 bits (the routing prefix and subnet id of a /64). */
    public long high() {
        return high;
    }

    /** The lower 64 bits (the interface identifier of a /64). */
    public long low() {
        return low;
    }

    /** The 16-bit group {@code i} (0–7). */
    public int group(int i) {
        long half = i < 4 ? high : low;
        return (int) (half >>> (16 * (3 - i % 4))) & 0xffff;
    }

    public boolean isLoopback() {
        return equals(LOOPBACK);
    }

    /** fe80::/10. */
    public boolean isLinkLocal() {
        return (high >>> 54) == 0x3fa;
    }

    /** ff00::/8. */
    public boolean isMulticast() {
        return (high >>> 56) == 0xff;
    }

    /**
     * Whether this can be a host's (or a link prefix's network) address beyond its link: not link-local, not multicast,
     * and not in ::/64 (unspecified, loopback, IPv4-mapped and -compatible). The one test of the inventory, the agent
     * list, the protocol and the agent (docs/network.md, "IPv6").
     */
    public boolean isGlobalOrUniqueLocal() {
        return high != 0 && !isLinkLocal() && !isMulticast();
    }

    /** ::ffff:0:0/96: an IPv4 address in IPv6 form. */
    public boolean isIpv4Mapped() {
        return high == 0 && (low >>> 32) == 0xffffL;
    }

    @Override
    public int compareTo(Ipv6Address other) {
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv6Address other && other.high == high && other.low == low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 + Long.hashCode(low);
    }

    /** RFC 5952. */
    @Override
    public String toString() {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = group(i);
        }
        if (isIpv4Mapped()) {
            return "::ffff:" + Ipv4Address.fromInt((int) low);
        }
        int bestStart = -1;
        int bestLength = 1;   // a run must be two groups or longer to be compressed
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
