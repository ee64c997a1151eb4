package org.reveille.net;

import java.io.Serializable;

/**
 * An IPv4 network: a network address and a prefix length 0–32.
 *
 * <p>{@link #parse} accepts {@code 10.1.2.0/24}, {@code 10.1.2.0/255.255.255.0} and {@code 10.1.2.0 255.255.255.0}
 * (one space, the form inventory systems export). It is strict: a mask must be contiguous and the address must
 * have no host bits set, because "10.1.2.5/24" is more often a typo for a host than a way to name a network.
 * Use {@link #containing(Ipv4Address, int)} to get the network an address is in.
 */
public final class Cidr implements Comparable<Cidr>, Serializable {

    private static final long serialVersionUID = 1L;
    private static final String KIND = "network";

    private final Ipv4Address network;
    private final int prefixLength;

    private Cidr(Ipv4Address network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    public static Cidr parse(String text) {
        if (text == null) {
            throw new InvalidAddressException(KIND, null, "no network given");
        }
        int slash = text.indexOf('/');
        int space = text.indexOf(' ');
        int separator = slash >= 0 ? slash : space;
        if (separator < 0) {
            throw new InvalidAddressException(KIND, text,
                    "expected address/prefix (10.1.2.0/24) or address and mask (10.1.2.0 255.255.255.0)");
        }
        if (slash >= 0 && space >= 0 || text.indexOf(text.charAt(separator), separator + 1) >= 0) {
            throw new InvalidAddressException(KIND, text, "more than one separator");
        }
        Ipv4Address address = parsePart(text, text.substring(0, separator));
        String suffix = text.substring(separator + 1);
        int prefix;
        if (suffix.indexOf('.') >= 0) {
            prefix = prefixOfMask(text, parsePart(text, suffix));
        } else if (slash >= 0) {
            prefix = parsePrefix(text, suffix);
        } else {
            throw new InvalidAddressException(KIND, text, "a space must be followed by a dotted mask");
        }
        return checked(text, address, prefix);
    }

    private static Ipv4Address parsePart(String text, String part) {
        try {
            return Ipv4Address.parse(part);
        } catch (InvalidAddressException e) {
            throw new InvalidAddressException(KIND, text, e.getMessage());
        }
    }

    private static int parsePrefix(String text, String suffix) {
        if (suffix.isEmpty() || !suffix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidAddressException(KIND, text, "prefix length must be a number 0-32");
        }
        if (suffix.length() > 1 && suffix.charAt(0) == '0') {
            throw new InvalidAddressException(KIND, text, "prefix length has a leading zero");
        }
        if (suffix.length() > 2) {
            throw new InvalidAddressException(KIND, text, "prefix length " + suffix + " is greater than 32");
        }
        int prefix = Integer.parseInt(suffix);
        if (prefix > 32) {
            throw new InvalidAddressException(KIND, text, "prefix length " + prefix + " is greater than 32");
        }
        return prefix;
    }

    private static int prefixOfMask(String text, Ipv4Address mask) {
        int bits = mask.toInt();
        int prefix = Integer.bitCount(bits);
        if (maskBits(prefix) != bits) {
            throw new InvalidAddressException(KIND, text, "mask " + mask + " is not contiguous");
        }
        return prefix;
    }

    private static Cidr checked(String text, Ipv4Address address, int prefix) {
        int mask = maskBits(prefix);
        if ((address.toInt() & ~mask) != 0) {
            Ipv4Address network = Ipv4Address.fromInt(address.toInt() & mask);
            throw new InvalidAddressException(KIND, text, "host bits are set; the network is " + network + "/" + prefix);
        }
        return new Cidr(address, prefix);
    }

    /** The network {@code network/prefixLength}; rejects host bits like {@link #parse}. */
    public static Cidr of(Ipv4Address network, int prefixLength) {
        checkPrefix(prefixLength);
        return checked(network + "/" + prefixLength, network, prefixLength);
    }

    /** The network of the given prefix length that contains {@code address} (host bits cleared). */
    public static Cidr containing(Ipv4Address address, int prefixLength) {
        checkPrefix(prefixLength);
        return new Cidr(Ipv4Address.fromInt(address.toInt() & maskBits(prefixLength)), prefixLength);
    }

    /** The network that contains {@code address} under the dotted {@code mask}, e.g. an agent's own subnet. */
    public static Cidr containing(Ipv4Address address, Ipv4Address mask) {
        return containing(address, prefixLengthOf(mask));
    }

    /** The prefix length of a contiguous dotted mask (255.255.255.0 gives 24). */
    public static int prefixLengthOf(Ipv4Address mask) {
        return prefixOfMask(mask.toString(), mask);
    }

    /** The dotted mask of a prefix length (24 gives 255.255.255.0). */
    public static Ipv4Address maskOf(int prefixLength) {
        checkPrefix(prefixLength);
        return Ipv4Address.fromInt(maskBits(prefixLength));
    }

    private static void checkPrefix(int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new InvalidAddressException(KIND, "/" + prefixLength, "prefix length must be 0-32");
        }
    }

    private static int maskBits(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public Ipv4Address networkAddress() {
        return network;
    }

    public int prefixLength() {
        return prefixLength;
    }

    public Ipv4Address mask() {
        return Ipv4Address.fromInt(maskBits(prefixLength));
    }

    /** The subnet-directed broadcast address (all host bits set); for /31 and /32 simply the last address. */
    public Ipv4Address broadcastAddress() {
        return Ipv4Address.fromInt(network.toInt() | ~maskBits(prefixLength));
    }

    /** The number of addresses in the network, 1 for /32 up to 2^32 for /0. */
    public long size() {
        return 1L << (32 - prefixLength);
    }

    public boolean contains(Ipv4Address address) {
        return (address.toInt() & maskBits(prefixLength)) == network.toInt();
    }

    /** True when every address of {@code other} is in this network (a network contains itself). */
    public boolean contains(Cidr other) {
        return other.prefixLength >= prefixLength && contains(other.network);
    }

    /** Two CIDR networks either nest or are disjoint, so they overlap exactly when one contains the other. */
    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    /** The same addresses as an inclusive range. */
    public IpRange toRange() {
        return IpRange.of(network, broadcastAddress());
    }

    @Override
    public int compareTo(Cidr other) {
        int byNetwork = network.compareTo(other.network);
        return byNetwork != 0 ? byNetwork : Integer.compare(prefixLength, other.prefixLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr && ((Cidr) o).network.equals(network) && ((Cidr) o).prefixLength == prefixLength;
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 33 + prefixLength;
    }

    /** The canonical form {@code a.b.c.d/n}, which {@link #parse} accepts. */
    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
