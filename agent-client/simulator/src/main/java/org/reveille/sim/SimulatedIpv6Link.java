package org.reveille.sim;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Objects;
import org.reveille.agent.Ipv6Link;
import org.reveille.net.Ipv6Address;
import org.reveille.net.Ipv6Prefix;
import org.reveille.wol.MagicPacket;

/**
 * A simulated agent's IPv6 link (docs/protocol.md, "Version 4"): its subnet's prefix, and the magic packets the agent
 * sends to ff02::1 sent from {@code [::1]} to a {@link MagicPacketRecorder} on {@code [::1]}, which stands for the link
 * (loopback has no multicast). Nothing goes anywhere but {@code ::1}. A fleet's links share one channel, which the fleet
 * closes; a link {@link #open opened} alone has its own, closed with it. Thread-safe.
 */
public final class SimulatedIpv6Link implements Ipv6Link {

    private final String name;
    private final Ipv6Prefix prefix;
    private final DatagramChannel channel;
    private final InetSocketAddress recorder;
    private final boolean ownsChannel;

    private SimulatedIpv6Link(String name, Ipv6Prefix prefix, DatagramChannel channel, InetSocketAddress recorder,
                              boolean ownsChannel) {
        this.name = Objects.requireNonNull(name, "name");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.channel = channel;
        this.recorder = loopbackOnly(recorder);
        this.ownsChannel = ownsChannel;
    }

    /** A link named {@code name} with {@code prefix}, sending to {@code recorder}, which must be on {@code [::1]}. */
    public static SimulatedIpv6Link open(String name, Ipv6Prefix prefix, InetSocketAddress recorder) throws IOException {
        loopbackOnly(recorder);
        DatagramChannel channel = openChannel();
        try {
            return new SimulatedIpv6Link(name, prefix, channel, recorder, true);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A link on a channel of {@link #openChannel()} that its owner closes. */
    static SimulatedIpv6Link sharing(String name, Ipv6Prefix prefix, DatagramChannel channel, InetSocketAddress recorder) {
        return new SimulatedIpv6Link(name, prefix, channel, recorder, false);
    }

    /** A UDP channel on {@code [::1]}, an ephemeral port. */
    static DatagramChannel openChannel() throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6);
        try {
            channel.bind(new InetSocketAddress(Ipv6Address.LOOPBACK.toInetAddress(), 0));
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static InetSocketAddress loopbackOnly(InetSocketAddress recorder) {
        if (recorder == null || recorder.isUnresolved() || !(recorder.getAddress() instanceof Inet6Address)
                || !recorder.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("a simulated IPv6 link sends to [::1] only, not " + recorder);
        }
        return recorder;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Ipv6Prefix> prefixes() {
        return List.of(prefix);
    }

    @Override
    public int send(MagicPacket packet, int port, int repeat) throws IOException {
        // the recorder stands for ff02::1:<port> of every link; the port is the recorder's
        ByteBuffer buffer = ByteBuffer.wrap(packet.toBytes());
        int sent = 0;
        for (int i = 0; i < repeat; i++) {
            buffer.rewind();
            if (channel.send(buffer, recorder) != buffer.capacity()) {
                throw new IOException("datagram to " + recorder + " was not sent whole");
            }
            sent++;
        }
        return sent;
    }

    @Override
    public void close() throws IOException {
        if (ownsChannel) {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return name + " " + prefix;
    }
}
