package org.reveille.wol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.reveille.net.Ipv4Address;

/**
 * The magic packet to ff02::1 of an IPv6 link, for real: in a network namespace the test creates ({@code unshare -n},
 * as root), with a veth pair v0/v1 and duplicate address detection off, a listener on v1 must receive what the sender
 * sends on v0 (the sender's own loopback copy is off, so what arrives crossed the link). Skipped, with the reason,
 * where the namespace cannot be made (not Linux, not root, no unshare or ip). Nothing leaves the namespace.
 */
class LinkMulticastSenderTest {

    private static final String MAC = "02:00:5e:10:00:17";

    @Test
    void aMagicPacketReachesTheOtherEndOfTheLinkOnAllNodes() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "SKIPPED: network namespaces are Linux's");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")) || Files.isExecutable(Path.of("/bin/unshare")),
                "SKIPPED: no unshare to make a network namespace");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0"
                + " && ip link set lo up && ip link add v0 type veth peer name v1 && ip link set v0 up && ip link set v1 up"
                + " && sleep 0.3 && exec \"$0\" -cp \"$1\" org.reveille.wol.LinkMulticastCheck v0 v1 40009 " + MAC;
        Process check = new ProcessBuilder("unshare", "-n", "sh", "-c", script, java, System.getProperty("java.class.path"))
                .redirectErrorStream(true).start();
        assertTrue(check.waitFor(60, TimeUnit.SECONDS), "the check in the namespace did not finish");
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeFalse(check.exitValue() != 0 && (output.contains("Operation not permitted") || output.contains("not found")),
                "SKIPPED: this machine lets the test make no network namespace with a veth pair (root and ip needed): " + output);
        assertEquals(0, check.exitValue(), output);
        List<String> lines = output.lines().filter(l -> l.startsWith("SENT") || l.startsWith("RECEIVED") || l.startsWith("NOTHING")).toList();
        assertEquals("SENT 1 on v0", lines.get(0), output);
        assertTrue(lines.get(1).startsWith("RECEIVED 102 " + MAC + " from fe80:"), "from v0's link-local address: " + output);
    }

    @Test
    void anInterfaceWithoutIpv6OrMulticastIsNoLink() throws IOException {
        // loopback: no multicast on Linux; an address no interface holds: no link at all
        assertFalse(LinkMulticastSender.linkOf(Ipv4Address.parse("127.0.0.1")).isPresent(), "lo is not an IPv6 link for magic packets");
        assertFalse(LinkMulticastSender.linkOf(Ipv4Address.parse("127.84.200.1")).isPresent());
        NetworkInterface lo = NetworkInterface.getByInetAddress(Ipv4Address.parse("127.0.0.1").toInetAddress());
        Assumptions.assumeTrue(lo != null && !lo.supportsMulticast(), "SKIPPED: this loopback supports multicast");
        IOException refused = assertThrows(IOException.class, () -> LinkMulticastSender.open(lo));
        assertTrue(refused.getMessage().contains("does not support multicast"), refused.getMessage());
    }
}
