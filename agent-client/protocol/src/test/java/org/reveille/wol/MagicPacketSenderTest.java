package org.reveille.wol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/** Sends only to 127.0.0.0/8: the simulated subnet 127.31.7.0/24 and its listener on 127.31.7.255. */
class MagicPacketSenderTest {

    private static final Ipv4Address AGENT = Ipv4Address.parse("127.31.7.20");
    private static final Ipv4Address MASK = Ipv4Address.parse("255.255.255.0");
    private static final MacAddress MAC = MacAddress.parse("02:00:7f:1f:07:21");

    @Test
    void computesTheSubnetDirectedBroadcastFromAddressAndMask() {
        assertEquals(Ipv4Address.parse("127.31.7.255"), WakeDelivery.toSubnetOf(AGENT, MASK).broadcast());
        assertEquals(Ipv4Address.parse("10.1.3.255"),
                WakeDelivery.toSubnetOf(Ipv4Address.parse("10.1.2.9"), Ipv4Address.parse("255.255.254.0")).broadcast());
        assertEquals(Ipv4Address.parse("10.1.2.127"), WakeDelivery.toSubnet(Cidr.parse("10.1.2.0/25")).broadcast());
        assertEquals(9, WakeDelivery.toSubnetOf(AGENT, MASK).port());
        assertThrows(IllegalArgumentException.class, () -> WakeDelivery.toSubnetOf(AGENT, MASK).port(0));
        assertThrows(IllegalArgumentException.class, () -> WakeDelivery.toSubnetOf(AGENT, MASK).repeat(0));
        assertThrows(IllegalArgumentException.class, () -> WakeDelivery.toSubnetOf(AGENT, MASK).repeat(17));
    }

    @Test
    void broadcastsFromTheAgentsOwnAddressRepeatedlyAndUnicastsToTheLastKnownIp() throws IOException {
        Ipv4Address lastKnown = Ipv4Address.parse("127.31.7.21");
        try (DatagramSocket broadcastListener = new DatagramSocket(new InetSocketAddress("127.31.7.255", 0));
                DatagramSocket unicastListener = new DatagramSocket(
                        new InetSocketAddress("127.31.7.21", broadcastListener.getLocalPort()));
                MagicPacketSender sender = MagicPacketSender.open(AGENT)) {
            broadcastListener.setSoTimeout(2000);
            unicastListener.setSoTimeout(2000);
            WakeDelivery delivery = WakeDelivery.toSubnetOf(AGENT, MASK).port(broadcastListener.getLocalPort())
                    .repeat(3).alsoUnicastTo(lastKnown);
            MagicPacket packet = MagicPacket.of(MAC, SecureOnPassword.parse("1.2.3.4"));

            assertEquals(6, sender.send(packet, delivery));

            for (DatagramSocket listener : Arrays.asList(broadcastListener, unicastListener)) {
                for (int i = 0; i < 3; i++) {
                    DatagramPacket received = new DatagramPacket(new byte[200], 200);
                    listener.receive(received);
                    assertEquals(AGENT.toInetAddress(), received.getAddress());
                    assertArrayEquals(packet.toBytes(),
                            Arrays.copyOfRange(received.getData(), 0, received.getLength()));
                }
            }
        }
    }
}
