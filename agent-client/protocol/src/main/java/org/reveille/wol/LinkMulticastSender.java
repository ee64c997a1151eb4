package org.reveille.wol;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Collections;
import java.util.Optional;
import org.reveille.net.Ipv4Address;
import org.reveille.net.Ipv6Address;

/**
 * Sends magic packets to the all-nodes multicast address of one IPv6 link ({@code ff02::1} on an interface; docs/network.md,
 * "IPv6"): a machine asleep on an IPv6 link gets the packet the way an IPv4 one gets the subnet's broadcast. The hop
 * limit is 1 (a link-scope packet never leaves the link anyway), and the sending machine does not get its own copy.
 *
 * <p>Not thread-safe: one sender per thread, or synchronise outside. Cheap to keep open.
 */
public final class LinkMulticastSender implements Closeable {

    private final DatagramChannel channel;
    private final NetworkInterface link;
    private final Inet6Address allNodes;

    private LinkMulticastSender(DatagramChannel channel, NetworkInterface link, Inet6Address allNodes) {
        this.channel = channel;
        this.link = link;
        this.allNodes = allNodes;
    }

    /**
     * A sender on {@code link}, which must be up, support multicast and have an IPv6 address (a link-local one is
     * enough).
     */
    public static LinkMulticastSender open(NetworkInterface link) throws IOException {
        Optional<String> unusable = unusable(link);
        if (unusable.isPresent()) {
            throw new IOException("interface " + link.getName() + " " + unusable.get());
        }
        Inet6Address allNodes = Inet6Address.getByAddress(null, Ipv6Address.ALL_NODES.toBytes(), link);
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6);
        try {
            channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, link);
            channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1);
            channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false);   // the agent's own machine is awake
            channel.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
            return new LinkMulticastSender(channel, link, allNodes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The IPv6 link of the interface that holds {@code address} (the agent's IPv4 address): empty when no interface
     * holds it, or the interface is down, cannot multicast, or has no IPv6 address (an IPv4-only link).
     */
    public static Optional<NetworkInterface> linkOf(Ipv4Address address) {
        try {
            NetworkInterface link = NetworkInterface.getByInetAddress(address.toInetAddress());
            return link == null || unusable(link).isPresent() ? Optional.empty() : Optional.of(link);
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    /** Why magic packets cannot go to ff02::1 on {@code link}; empty when they can. */
    private static Optional<String> unusable(NetworkInterface link) throws SocketException {
        if (!link.isUp()) {
            return Optional.of("is down");
        }
        if (!link.supportsMulticast()) {
            return Optional.of("does not support multicast");
        }
        if (Collections.list(link.getInetAddresses()).stream().noneMatch(a -> a instanceof Inet6Address)) {
            return Optional.of("has no IPv6 address");
        }
        return Optional.empty();
    }

    /**
     * Sends {@code packet} {@code repeat} times to {@code ff02::1} on the link, UDP port {@code port}.
     *
     * @return the number of datagrams handed to the network stack
     * @throws IOException when the stack refuses a datagram
     */
    public int send(MagicPacket packet, int port, int repeat) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(packet.payload());
        InetSocketAddress destination = new InetSocketAddress(allNodes, port);
        int sent = 0;
        for (int i = 0; i < repeat; i++) {
            buffer.rewind();
            if (channel.send(buffer, destination) != buffer.capacity()) {
                throw new IOException("datagram to " + destination + " was not sent whole");
            }
            sent++;
        }
        return sent;
    }

    /** The interface's name, e.g. {@code eth0}. */
    public String linkName() {
        return link.getName();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
