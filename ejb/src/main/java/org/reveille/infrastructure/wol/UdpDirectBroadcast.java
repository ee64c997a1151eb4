package org.reveille.infrastructure.wol;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reveille.application.port.DirectBroadcast;
import org.reveille.net.Ipv4Address;
import org.reveille.wol.MagicPacket;

/**
 * The server's own magic packets: a UDP socket with SO_BROADCAST per call (a call is one chunk of one subnet, at most
 * a few hundred datagrams per address), sent from the address the operating system chooses for the route. An address
 * whose first datagram is refused (no route, a firewall) is given up for the call, with the error.
 */
@ApplicationScoped
public class UdpDirectBroadcast implements DirectBroadcast {

    @Override
    public Map<Ipv4Address, String> send(List<Ipv4Address> broadcasts, int port, List<MagicPacket> packets) {
        Map<Ipv4Address, String> failed = new LinkedHashMap<>();
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            for (Ipv4Address broadcast : broadcasts) {
                InetSocketAddress to = new InetSocketAddress(broadcast.toInetAddress(), port);
                try {
                    for (MagicPacket packet : packets) {
                        channel.send(ByteBuffer.wrap(packet.toBytes()), to);
                    }
                } catch (IOException | RuntimeException e) {
                    failed.put(broadcast, String.valueOf(e.getMessage()));
                }
            }
        } catch (IOException e) {
            broadcasts.forEach(b -> failed.putIfAbsent(b, "no UDP socket: " + e.getMessage()));
        }
        return failed;
    }
}
