package org.reveille.net;

import java.io.Serializable;

/**
 * An inclusive range of IPv4 addresses, as inventory boundaries define them ("10.0.0.1-10.0.0.128").
 *
 * <p>{@link #parse} accepts a hyphen or an en dash as separator, with optional spaces around it; the start must
 * not be greater than the end.
 */
public final class IpRange implements Comparable<IpRange>, Serializable {

    private static final long serialVersionUID = 1L;
    private static final String KIND = "IP range";

    private final Ipv4Address start;
    private final Ipv4Address end;

    private IpRange(Ipv4Address start, Ipv4Address end) {
        this.start = start;
        this.end = end;
    }

    public static IpRange parse(String text) {
        if (text == null) {
            throw new InvalidAddressException(KIND, null, "no range given");
        }
        int separator = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-' || c == '\u2013') {
                if (separator >= 0) {
                    throw new InvalidAddressException(KIND, text, "more than one separator");
                }
                separator = i;
            }
        }
        if (separator < 0) {
            throw new InvalidAddressException(KIND, text, "expected start-end, e.g. 10.0.0.1-10.0.0.128");
        }
        Ipv4Address first = part(text, stripSpaces(text.substring(0, separator), true));
        Ipv4Address last = part(text, stripSpaces(text.substring(separator + 1), false));
        if (first.compareTo(last) > 0) {
            throw new InvalidAddressException(KIND, text, "start " + first + " is after end " + last);
        }
        return new IpRange(first, last);
    }

    /** Spaces are allowed only next to the separator: "a - b", never " a-b". */
    private static String stripSpaces(String side, boolean beforeSeparator) {
        int from = 0;
        int to = side.length();
        if (beforeSeparator) {
            while (to > from && side.charAt(to - 1) == ' ') {
                to--;
            }
        } else {
            while (from < to && side.charAt(from) == ' ') {
                from++;
            }
        }
        return side.substring(from, to);
    }

    private static Ipv4Address part(String text, String address) {
        try {
            return Ipv4Address.parse(address);
        } catch (InvalidAddressException e) {
            throw new InvalidAddressException(KIND, text, e.getMessage());
        }
    }

    public static IpRange of(Ipv4Address start, Ipv4Address end) {
        if (start.compareTo(end) > 0) {
            throw new InvalidAddressException(KIND, start + "-" + end, "start " + start + " is after end " + end);
        }
        return new IpRange(start, end);
    }

    public Ipv4Address start() {
        return start;
    }

    public Ipv4Address end() {
        return end;
    }

    public long size() {
        return end.toLong() - start.toLong() + 1;
    }

    public boolean contains(Ipv4Address address) {
        return start.compareTo(address) <= 0 && address.compareTo(end) <= 0;
    }

    public boolean contains(IpRange other) {
        return contains(other.start) && contains(other.end);
    }

    public boolean overlaps(IpRange other) {
        return start.compareTo(other.end) <= 0 && other.start.compareTo(end) <= 0;
    }

    /** True when the whole network, network and broadcast address included, lies inside this range. */
    public boolean covers(Cidr cidr) {
        return contains(cidr.networkAddress()) && contains(cidr.broadcastAddress());
    }

    /** True when at least one address of the network lies inside this range. */
    public boolean overlaps(Cidr cidr) {
        return overlaps(cidr.toRange());
    }

    @Override
    public int compareTo(IpRange other) {
        int byStart = start.compareTo(other.start);
        return byStart != 0 ? byStart : end.compareTo(other.end);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpRange && ((IpRange) o).start.equals(start) && ((IpRange) o).end.equals(end);
    }

    @Override
    public int hashCode() {
        return start.hashCode() * 31 + end.hashCode();
    }

    /** The canonical form {@code start-end}, which {@link #parse} accepts. */
    @Override
    public String toString() {
        return start + "-" + end;
    }
}
