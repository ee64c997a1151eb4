package org.reveille.wol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * Our magic packet against independent implementations, on loopback only (127.36.1.0/24): Debian's
 * {@code wakeonlan} must put the same 102 bytes on the wire, and {@code tshark}'s {@code wol} dissector must
 * decode our packet to the right MAC. When a tool is missing the test is skipped with a loud message, never
 * passed: install both with {@code apt-get install -y wakeonlan tshark} (.ci/run does).
 */
class IndependentImplementationTest {

    private static final Ipv4Address SEGMENT = Ipv4Address.parse("127.36.1.255");

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void requireTool(String tool) {
        boolean present = onPath(tool);
        if (!present) {
            System.err.println("!!!!! IndependentImplementationTest SKIPPED: '" + tool + "' is not installed;"
                    + " the magic packet was NOT checked against it (apt-get install -y wakeonlan tshark) !!!!!");
        }
        assumeTrue(present, "'" + tool + "' is not installed: magic packet NOT checked against it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"02:00:7f:24:01:14", "00:1a:2b:3c:4d:5e", "fe:dc:ba:98:76:54"})
    void debianWakeonlanSendsTheSameBytes(String text) throws Exception {
        requireTool("wakeonlan");
        MacAddress mac = MacAddress.parse(text);
        try (DatagramSocket segment = new DatagramSocket(new InetSocketAddress(SEGMENT.toInetAddress(), 0))) {
            segment.setSoTimeout(5000);
            int port = segment.getLocalPort();
            Process wakeonlan = new ProcessBuilder("wakeonlan", "-i", SEGMENT.toString(), "-p", Integer.toString(port),
                    text).redirectErrorStream(true).start();
            String output = new String(wakeonlan.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(wakeonlan.waitFor(10, TimeUnit.SECONDS), "wakeonlan did not finish");
            assertEquals(0, wakeonlan.exitValue(), output);
            byte[] theirs = receive(segment);

            try (MagicPacketSender sender = MagicPacketSender.open(Ipv4Address.parse("127.36.1.10"))) {
                sender.send(MagicPacket.of(mac), WakeDelivery.toBroadcast(SEGMENT).port(port));
            }
            byte[] ours = receive(segment);

            assertEquals(102, theirs.length);
            assertArrayEquals(theirs, ours, "our packet differs from wakeonlan's for " + text);
        }
    }

    private static byte[] receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[512], 512);
        socket.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    @Test
    void tsharkWolDissectorDecodesOurPacket() throws Exception {
        requireTool("tshark");
        MacAddress mac = MacAddress.parse("02:00:7f:24:01:15");
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(SEGMENT.toInetAddress(), 0))) {
            port = probe.getLocalPort();
        }
        Path err = Files.createTempFile("tshark", ".err");
        Process tshark = new ProcessBuilder("tshark", "-i", "lo", "-f", "udp port " + port, "-c", "1", "-a", "duration:20",
                "-T", "fields", "-e", "wol.mac", "-e", "udp.length").redirectError(err.toFile()).start();
        try (DatagramSocket sink = new DatagramSocket(new InetSocketAddress(SEGMENT.toInetAddress(), port));
                MagicPacketSender sender = MagicPacketSender.open(Ipv4Address.parse("127.36.1.10"))) {
            // The sink gives the packets a receiving socket, as a real segment would; tshark reads them off lo.
            assertEquals(port, sink.getLocalPort());
            long deadline = System.currentTimeMillis() + 15_000;
            while (!Files.readString(err).contains("Capturing on") && tshark.isAlive()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            boolean capturing = Files.readString(err).contains("Capturing on");
            if (!capturing) {
                tshark.destroy();
                System.err.println("!!!!! tshark cannot capture on lo here: " + Files.readString(err) + " !!!!!");
            }
            assumeTrue(capturing, "tshark cannot capture on lo: wol dissector check NOT run");
            // Keep sending until the capture has one, in case the filter was attached a moment late.
            while (tshark.isAlive() && System.currentTimeMillis() < deadline) {
                sender.send(MagicPacket.of(mac), WakeDelivery.toBroadcast(SEGMENT).port(port));
                tshark.waitFor(200, TimeUnit.MILLISECONDS);
            }
        }
        assertTrue(tshark.waitFor(5, TimeUnit.SECONDS), "tshark did not finish");
        String[] fields = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split("\t");
        assertEquals(2, fields.length, Arrays.toString(fields) + " / " + Files.readString(err));
        List<String> macs = Arrays.asList(fields[0].split(","));
        assertEquals(16, macs.size(), fields[0]);
        assertTrue(macs.stream().allMatch(m -> m.equals(mac.toString())), fields[0]);
        assertEquals("110", fields[1], "UDP length: 8-byte header + 102-byte magic packet");
    }
}
