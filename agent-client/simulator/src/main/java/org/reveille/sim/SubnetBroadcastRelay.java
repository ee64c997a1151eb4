package org.reveille.sim;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.SelectorLoop;

/**
 * Gives a simulated subnet the broadcast that loopback lacks: a datagram sent to {@code 127.x.y.255:port} is
 * copied to every member socket of the subnet except its sender, as an Ethernet broadcast would be. Used for
 * the agents' PRIMARY PROBE (docs/architecture.md#flow-a-returning-agent).
 */
public final class SubnetBroadcastRelay implements Closeable {

    private final DatagramChannel channel;
    private final List<InetSocketAddress> members = new CopyOnWriteArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(2048);

    private final SelectorLoop loop;

    private SubnetBroadcastRelay(DatagramChannel channel, SelectorLoop loop) {
        this.channel = channel;
        this.loop = loop;
    }

    public static SubnetBroadcastRelay open(Ipv4Address broadcast, int port, SelectorLoop loop) throws IOException {
        if (!broadcast.isLoopback()) {
            throw new IllegalArgumentException("the simulator relays on 127.0.0.0/8 only, not " + broadcast);
        }
        // The JDK (Linux NET_Bind) refuses AF_INET binds to 127.x.y.255; a dual-stack channel binds it as any other.
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress(broadcast.toInetAddress(), port));
            SubnetBroadcastRelay relay = new SubnetBroadcastRelay(channel, loop);
            loop.register(channel, SelectionKey.OP_READ, key -> relay.relayAll());
            return relay;
        } catch (java.net.BindException e) {
            channel.close();
            throw new java.net.BindException(e.getMessage() + " binding " + broadcast + ":" + port + "; note the JDK "
                    + "refuses IPv4-only binds to 127.x.y.255, so the simulator needs the default dual-stack sockets "
                    + "(not -Djava.net.preferIPv4Stack=true)");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Adds a socket that "hears" the subnet's broadcasts. */
    public void join(Ipv4Address member, int port) {
        if (!member.isLoopback()) {
            throw new IllegalArgumentException("members must be on 127.0.0.0/8, not " + member);
        }
        members.add(new InetSocketAddress(member.toInetAddress(), port));
    }

    public void leave(Ipv4Address member, int port) {
        members.remove(new InetSocketAddress(member.toInetAddress(), port));
    }

    private void relayAll() {
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
            buffer.flip();
            for (InetSocketAddress member : members) {
                if (!member.equals(from)) {
                    try {
                        channel.send(buffer.duplicate(), member);
                    } catch (IOException e) {
                        // A member that went away simply does not hear it, as on a real segment.
                    }
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        loop.close(channel);
    }
}
