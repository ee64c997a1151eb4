package org.reveille.sim;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.reveille.net.Ipv4Address;
import org.reveille.net.Ipv6Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.SelectorLoop;
import org.reveille.wol.MagicPacket;

/**
 * Stands for the layer-2 segment of one simulated subnet: a UDP socket on {@code 127.x.y.255:port} (an ordinary
 * local address on loopback) that records every magic packet sent to the subnet, per target MAC. On {@code [::1]} it
 * stands for the IPv6 links of a fleet's subnets (their ff02::1, docs/protocol.md "Version 4").
 */
public final class MagicPacketRecorder implements Closeable {

    private static final int RECEIVE_BUFFER = 4 * 1024 * 1024;

    private final DatagramChannel channel;
    private final Map<MacAddress, Reception> receptions = new ConcurrentHashMap<>();
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final ByteBuffer buffer = ByteBuffer.allocate(2048);
    private volatile Consumer<MacAddress> onFirstPacket = mac -> { };

    private final SelectorLoop loop;

    private MagicPacketRecorder(DatagramChannel channel, SelectorLoop loop) {
        this.channel = channel;
        this.loop = loop;
    }

    /** Listens on {@code address:port}, which must be a loopback address (network safety rule). */
    public static MagicPacketRecorder open(Ipv4Address address, int port, SelectorLoop loop) throws IOException {
        if (!address.isLoopback()) {
            throw new IllegalArgumentException("the simulator listens on 127.0.0.0/8 only, not " + address);
        }
        return open(new InetSocketAddress(address.toInetAddress(), port), loop);
    }

    /** Listens on {@code [::1]:port}: {@code address} must be {@code ::1} (network safety rule). */
    public static MagicPacketRecorder open(Ipv6Address address, int port, SelectorLoop loop) throws IOException {
        if (!address.isLoopback()) {
            throw new IllegalArgumentException("the simulator listens on ::1 only, not " + address);
        }
        return open(new InetSocketAddress(address.toInetAddress(), port), loop);
    }

    private static MagicPacketRecorder open(InetSocketAddress address, SelectorLoop loop) throws IOException {
        // The JDK (Linux NET_Bind) refuses AF_INET binds to 127.x.y.255; a dual-stack channel binds it as any other.
        DatagramChannel channel = DatagramChannel.open();
        try {
            // Agents send in bursts of thousands; a deep buffer keeps the segment from dropping them.
            channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            channel.bind(address);
            MagicPacketRecorder recorder = new MagicPacketRecorder(channel, loop);
            loop.register(channel, SelectionKey.OP_READ, key -> recorder.receiveAll());
            return recorder;
        } catch (java.net.BindException e) {
            channel.close();
            throw new java.net.BindException(e.getMessage() + " binding " + address.getAddress().getHostAddress() + ":"
                    + address.getPort() + "; note the JDK "
                    + "refuses IPv4-only binds to 127.x.y.255, so the simulator needs the default dual-stack sockets "
                    + "(not -Djava.net.preferIPv4Stack=true)");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void receiveAll() {
        while (true) {
            buffer.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) channel.receive(buffer);
            } catch (IOException e) {
                return;
            }
            if (from == null) {
                return;
            }
            record(from);
        }
    }

    private void record(InetSocketAddress from) {
        MagicPacket packet;
        try {
            packet = MagicPacket.parse(buffer.array(), 0, buffer.position());
        } catch (IllegalArgumentException e) {
            invalid.incrementAndGet();
            return;
        }
        packets.incrementAndGet();
        boolean first = !receptions.containsKey(packet.target());
        receptions.computeIfAbsent(packet.target(), Reception::new)
                .record(System.currentTimeMillis(), from.getAddress(), packet.password());
        if (first) {
            onFirstPacket.accept(packet.target());
        }
    }

    /** Called on the selector thread when a MAC receives its first packet; must return quickly. */
    public void onFirstPacket(Consumer<MacAddress> action) {
        onFirstPacket = action;
    }

    public int port() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    /** Per MAC, what arrived; a MAC that received nothing is absent. */
    public Map<MacAddress, Reception> receptions() {
        return Collections.unmodifiableMap(receptions);
    }

    public Reception receptionOf(MacAddress mac) {
        return receptions.get(mac);
    }

    public long packets() {
        return packets.get();
    }

    /** Datagrams that were not well-formed magic packets. */
    public long invalidDatagrams() {
        return invalid.get();
    }

    @Override
    public void close() throws IOException {
        loop.close(channel);
    }
}
