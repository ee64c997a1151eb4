package org.reveille.wol;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.reveille.net.Ipv4Address;

/**
 * Sends magic packets over UDP with SO_BROADCAST set. It can be bound to one local address, so that each
 * simulated agent sends from its own 127.x.y.z and a real agent from the NIC of its subnet.
 *
 * <p>Not thread-safe: one sender per thread, or synchronise outside. Cheap to keep open.
 */
public final class MagicPacketSender implements Closeable {

    private final DatagramChannel channel;

    private MagicPacketSender(DatagramChannel channel) {
        this.channel = channel;
    }

    /** A sender bound to an ephemeral port on any local address. */
    public static MagicPacketSender open() throws IOException {
        return open(null);
    }

    /** A sender bound to an ephemeral port on {@code localAddress} (null: any local address). */
    public static MagicPacketSender open(Ipv4Address localAddress) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            channel.bind(new InetSocketAddress(localAddress == null ? null : localAddress.toInetAddress(), 0));
            return new MagicPacketSender(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Sends {@code packet} as {@code delivery} says.
     *
     * @return the number of datagrams handed to the network stack
     * @throws IOException when the stack refuses a datagram (no route, permission for broadcast, ...)
     */
    public int send(MagicPacket packet, WakeDelivery delivery) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(packet.payload());
        InetSocketAddress broadcast = new InetSocketAddress(delivery.broadcast().toInetAddress(), delivery.port());
        InetSocketAddress unicast = delivery.unicast() == null ? null
                : new InetSocketAddress(delivery.unicast().toInetAddress(), delivery.port());
        int sent = 0;
        for (int i = 0; i < delivery.repeat(); i++) {
            sent += sendOnce(buffer, broadcast);
            if (unicast != null) {
                sent += sendOnce(buffer, unicast);
            }
        }
        return sent;
    }

    private int sendOnce(ByteBuffer buffer, InetSocketAddress destination) throws IOException {
        buffer.rewind();
        if (channel.send(buffer, destination) != buffer.capacity()) {
            throw new IOException("datagram to " + destination + " was not sent whole");
        }
        return 1;
    }

    /** The local address and port the packets come from. */
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
