package org.reveille.agent;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.reveille.net.Ipv6Address;
import org.reveille.net.Ipv6Prefix;
import org.reveille.protocol.Registration;
import org.reveille.wol.LinkMulticastSender;
import org.reveille.wol.MagicPacket;

/**
 * The IPv6 link of a real interface: magic packets to {@code ff02::1} through a {@link LinkMulticastSender}, and the
 * interface's global and unique-local prefixes, read afresh at each call (addresses come and go).
 */
public final class InterfaceIpv6Link implements Ipv6Link {

    private final String name;
    private final LinkMulticastSender sender;

    private InterfaceIpv6Link(String name, LinkMulticastSender sender) {
        this.name = name;
        this.sender = sender;
    }

    /** The link of {@code link}, which must be up, support multicast and have an IPv6 address. */
    public static InterfaceIpv6Link open(NetworkInterface link) throws IOException {
        return new InterfaceIpv6Link(link.getName(), LinkMulticastSender.open(link));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Ipv6Prefix> prefixes() {
        try {
            NetworkInterface now = NetworkInterface.getByName(name);
            return now == null ? List.of() : prefixesOf(now.getInterfaceAddresses());
        } catch (SocketException e) {
            return List.of();
        }
    }

    /** The prefixes an agent registers for {@code addresses}: link ones only, distinct, at most 8, in order. */
    static List<Ipv6Prefix> prefixesOf(Collection<InterfaceAddress> addresses) {
        return firstDistinct(addresses.stream().map(a -> linkPrefix(a.getAddress(), a.getNetworkPrefixLength())));
    }

    /** The distinct prefixes present, in order, at most {@link Registration#MAX_IPV6_PREFIXES}. */
    static List<Ipv6Prefix> firstDistinct(Stream<Optional<Ipv6Prefix>> prefixes) {
        return prefixes.flatMap(Optional::stream).distinct().limit(Registration.MAX_IPV6_PREFIXES).toList();
    }

    /**
     * The prefix of {@code address}/{@code prefixLength} when it is a global or unique-local IPv6 address; empty for
     * IPv4, link-local, loopback, multicast and IPv4-mapped addresses and for prefixes a REGISTRATION cannot carry.
     */
    static Optional<Ipv6Prefix> linkPrefix(InetAddress address, int prefixLength) {
        if (!(address instanceof Inet6Address) || prefixLength < 1 || prefixLength > 128) {
            return Optional.empty();
        }
        Ipv6Address ip = Ipv6Address.of(address);
        Ipv6Prefix prefix = Ipv6Prefix.containing(ip, prefixLength);
        return ip.isGlobalOrUniqueLocal() && prefix.networkAddress().isGlobalOrUniqueLocal() ? Optional.of(prefix) : Optional.empty();
    }

    @Override
    public int send(MagicPacket packet, int port, int repeat) throws IOException {
        return sender.send(packet, port, repeat);
    }

    @Override
    public void close() throws IOException {
        sender.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
