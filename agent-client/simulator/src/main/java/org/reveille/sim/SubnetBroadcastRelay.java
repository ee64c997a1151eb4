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

    private final Ipv4Address broadcast;
    private final int port;
    private DatagramChannel channel;   // bound when the second member joins; guarded by this
    private final List<InetSocketAddress> members = new CopyOnWriteArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(2048);

    private final SelectorLoop loop;

    private SubnetBroadcastRelay(Ipv4Address broadcast, int port, SelectorLoop loop) {
        this.broadcast = broadcast;
        this.port = port;
        this.loop = loop;
    }

    /**
     * A relay for {@code broadcast:port}. Its socket is bound when a second member joins: a subnet with one agent has
     * nobody to relay to, and one descriptor fewer per subnet lets the 1,000,000-machine benchmark (4,100 subnets of
     * one agent each) fit in the simulator JVM's 20,000 descriptors.
     */
    public static SubnetBroadcastRelay open(Ipv4Address broadcast, int port, SelectorLoop loop) {
        if (!broadcast.isLoopback()) {
            throw new IllegalArgumentException("the simulator relays on 127.0.0.0/8 only, not " + broadcast);
        }
        return new SubnetBroadcastRelay(broadcast, port, loop);
    }

    private synchronized void bind() throws IOException {
        if (channel != null) {
            return;
        }
        // The JDK (Linux NET_Bind) refuses AF_INET binds to 127.x.y.255; a dual-stack channel binds it as any other.
        DatagramChannel opened = DatagramChannel.open();
        try {
            opened.bind(new InetSocketAddress(broadcast.toInetAddress(), port));
            loop.register(opened, SelectionKey.OP_READ, key -> relayAll());
            channel = opened;
        } catch (java.net.BindException e) {
            opened.close();
            throw new java.net.BindException(e.getMessage() + " binding " + broadcast + ":" + port + "; note the JDK "
                    + "refuses IPv4-only binds to 127.x.y.255, so the simulator needs the default dual-stack sockets "
                    + "(not -Djava.net.preferIPv4Stack=true)");
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** Adds a socket that "hears" the subnet's broadcasts; with the second member, the relay starts listening. */
    public void join(Ipv4Address member, int port) throws IOException {
        if (!member.isLoopback()) {
            throw new IllegalArgumentException("members must be on 127.0.0.0/8, not " + member);
        }
        members.add(new InetSocketAddress(member.toInetAddress(), port));
        if (members.size() >= 2) {
            bind();
        }
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
    public synchronized void close() throws IOException {
        if (channel != null) {
            loop.close(channel);
        }
    }
}
