package org.reveille.wol;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import org.reveille.net.Ipv6Address;
import org.reveille.net.MacAddress;

/**
 * Run by {@link LinkMulticastSenderTest} inside a network namespace of its own with a veth pair: listens on the second
 * interface, joined to ff02::1, sends one magic packet through {@link LinkMulticastSender} on the first, and prints
 * what arrived: {@code RECEIVED <bytes> <mac> from <address>} or {@code NOTHING}.
 */
public final class LinkMulticastCheck {

    private LinkMulticastCheck() {
    }

    public static void main(String[] args) throws Exception {
        NetworkInterface sending = NetworkInterface.getByName(args[0]);
        NetworkInterface receiving = NetworkInterface.getByName(args[1]);
        int port = Integer.parseInt(args[2]);
        MacAddress mac = MacAddress.parse(args[3]);
        try (DatagramChannel listener = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(InetAddress.getByName("::"), port));
            listener.join(Inet6Address.getByAddress(null, Ipv6Address.ALL_NODES.toBytes(), receiving), receiving);
            listener.configureBlocking(false);
            try (LinkMulticastSender sender = LinkMulticastSender.open(sending)) {
                System.out.println("SENT " + sender.send(MagicPacket.of(mac), port, 1) + " on " + sender.linkName());
            }
            ByteBuffer buffer = ByteBuffer.allocate(1500);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                InetSocketAddress from = (InetSocketAddress) listener.receive(buffer);
                if (from != null) {
                    buffer.flip();
                    MagicPacket packet = MagicPacket.parse(buffer.array(), 0, buffer.limit());
                    System.out.println("RECEIVED " + buffer.limit() + " " + packet.target() + " from " + from.getAddress().getHostAddress());
                    return;
                }
                Thread.sleep(20);
            }
            System.out.println("NOTHING");
        }
    }
}
