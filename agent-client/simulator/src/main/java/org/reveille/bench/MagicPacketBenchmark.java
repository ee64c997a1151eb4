package org.reveille.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.wol.MagicPacket;
import org.reveille.wol.MagicPacketSender;
import org.reveille.wol.WakeDelivery;

/**
 * One agent's sender against a loopback listener on 127.60.0.255: magic packets per second sent, and how many
 * the listener saw. {@code java -cp agent-client/simulator/target/reveille-simulator.jar org.reveille.bench.MagicPacketBenchmark [packets]}
 */
public final class MagicPacketBenchmark {

    private MagicPacketBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Ipv4Address segment = Ipv4Address.parse("127.60.0.255");
        // Dual-stack channel: the JDK will not bind an IPv4-only one to a .255 address.
        try (DatagramChannel listener = DatagramChannel.open()) {
            listener.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024 * 1024);
            listener.bind(new InetSocketAddress(segment.toInetAddress(), 0));
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            AtomicLong received = new AtomicLong();
            Thread counter = new Thread(() -> count(listener, received), "listener");
            counter.setDaemon(true);
            counter.start();

            MagicPacket[] batch = new MagicPacket[1024];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = MagicPacket.of(MacAddress.fromLong(0x0200_7f3c_0000L + i + 1));
            }
            WakeDelivery delivery = WakeDelivery.toBroadcast(segment).port(port);
            try (MagicPacketSender sender = MagicPacketSender.open(Ipv4Address.parse("127.60.0.10"))) {
                for (int i = 0; i < 100_000; i++) {
                    sender.send(batch[i & 1023], delivery);
                }
                Thread.sleep(200);
                long before = received.get();
                long start = System.nanoTime();
                for (int i = 0; i < packets; i++) {
                    sender.send(batch[i & 1023], delivery);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Thread.sleep(500);
                long seen = received.get() - before;
                System.out.printf("magic packets sent: %d in %.3f s = %.0f packets/s; listener saw %d (%.2f%%)%n",
                        packets, seconds, packets / seconds, seen, 100.0 * seen / packets);
            }
        }
    }

    private static void count(DatagramChannel listener, AtomicLong received) {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        try {
            while (true) {
                buffer.clear();
                listener.receive(buffer);
                if (buffer.position() == MagicPacket.BASE_LENGTH) {
                    received.incrementAndGet();
                }
            }
        } catch (IOException closed) {
            // benchmark over
        }
    }
}
