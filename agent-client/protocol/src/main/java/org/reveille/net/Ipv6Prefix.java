package org.reveille.net;

import java.io.Serializable;

/**
 * An IPv6 prefix: a network address and a prefix length 0–128 ({@code 2001:db8:5::/64}).
 *
 * <p>{@link #parse} is strict like {@link Cidr#parse}: the address must have no bits set past the prefix, because
 * {@code 2001:db8:5::17/64} is more often a host than a way to name a link. Use {@link #containing} to get the prefix
 * an address is in. An IPv6 link is a /64 almost everywhere (RFC 4291 section 2.5.1), hence {@link #LINK}.
 */
public final class Ipv6Prefix implements Comparable<Ipv6Prefix>, Serializable {

    private static final long serialVersionUID = 1L;
    private static final String KIND = "IPv6 prefix";

    /** The prefix length of an IPv6 link (a LAN segment). */
    public static final int LINK = 64;

    private final Ipv6Address network;
    private final int prefixLength;

    private Ipv6Prefix(Ipv6Address network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    public static Ipv6Prefix parse(String text) {
        if (text == null) {
            throw new InvalidAddressException(KIND, null, "no prefix given");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new InvalidAddressException(KIND, text, "expected address/length, e.g. 2001:db8:5::/64");
        }
        if (text.indexOf('/', slash + 1) >= 0) {
            throw new InvalidAddressException(KIND, text, "more than one '/'");
        }
        Ipv6Address address;
        try {
            address = Ipv6Address.parse(text.substring(0, slash));
        } catch (InvalidAddressException e) {
            throw new InvalidAddressException(KIND, text, e.reason());
        }
        String length = text.substring(slash + 1);
        if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')
                || length.length() > 1 && length.charAt(0) == '0') {
            throw new InvalidAddressException(KIND, text, "the prefix length must be a number 0-128");
        }
        int prefix = Integer.parseInt(length);
        if (prefix > 128) {
            throw new InvalidAddressException(KIND, text, "the prefix length must be a number 0-128");
        }
        Ipv6Prefix network = containing(address, prefix);
        if (!network.network.equals(address)) {
            throw new InvalidAddressException(KIND, text, "host bits are set: the prefix of that address is " + network);
        }
        return network;
    }

    /** The prefix of length {@code prefixLength} that {@code address} lies in. */
    public static Ipv6Prefix containing(Ipv6Address address, int prefixLength) {
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not 0-128");
        }
        return new Ipv6Prefix(Ipv6Address.of(address.high() & maskHigh(prefixLength), address.low() & maskLow(prefixLength)), prefixLength);
    }

    private static long maskHigh(int prefixLength) {
        return prefixLength >= 64 ? -1L : prefixLength == 0 ? 0L : -1L << (64 - prefixLength);
    }

    private static long maskLow(int prefixLength) {
        return prefixLength <= 64 ? 0L : prefixLength == 128 ? -1L : -1L << (128 - prefixLength);
    }

    public Ipv6Address networkAddress() {
        return network;
    }

    public int prefixLength() {
        return prefixLength;
    }

    public boolean contains(Ipv6Address address) {
        return containing(address, prefixLength).network.equals(network);
    }

    public boolean contains(Ipv6Prefix other) {
        return other.prefixLength >= prefixLength && contains(other.network);
    }

    public boolean overlaps(Ipv6Prefix other) {
        return contains(other) || other.contains(this);
    }

    @Override
    public int compareTo(Ipv6Prefix other) {
        int byNetwork = network.compareTo(other.network);
        return byNetwork != 0 ? byNetwork : Integer.compare(prefixLength, other.prefixLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv6Prefix other && other.prefixLength == prefixLength && other.network.equals(network);
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 131 + prefixLength;
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
