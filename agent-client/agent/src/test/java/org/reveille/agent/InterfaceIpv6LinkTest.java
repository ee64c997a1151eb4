package org.reveille.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.reveille.net.Ipv4Address;
import org.reveille.net.Ipv6Prefix;
import org.reveille.net.MacAddress;
import org.reveille.protocol.Registration;
import org.reveille.protocol.WireRole;

/**
 * The prefixes a real interface's IPv6 link registers (docs/protocol.md, "Version 4"): global and unique-local ones
 * only, distinct, at most 8; on loopback none.
 */
class InterfaceIpv6LinkTest {

    private static Optional<Ipv6Prefix> prefix(String address, int length) throws Exception {
        return InterfaceIpv6Link.linkPrefix(InetAddress.getByName(address), length);
    }

    @Test
    void onlyGlobalAndUniqueLocalAddressesGiveAPrefix() throws Exception {
        assertEquals(Optional.of(Ipv6Prefix.parse("2001:db8:5::/64")), prefix("2001:db8:5::17", 64));
        assertEquals(Optional.of(Ipv6Prefix.parse("fd7f:55:1::/64")), prefix("fd7f:55:1::a", 64));
        assertEquals(Optional.of(Ipv6Prefix.parse("fd7f:55::/32")), prefix("fd7f:55:1::a", 32));
        assertEquals(Optional.of(Ipv6Prefix.parse("2001:db8:5::17/128")), prefix("2001:db8:5::17", 128));
        assertEquals(Optional.empty(), prefix("::1", 128), "loopback");
        assertEquals(Optional.empty(), prefix("fe80::1", 64), "link-local");
        assertEquals(Optional.empty(), prefix("ff02::1", 16), "multicast");
        assertEquals(Optional.empty(), prefix("127.0.0.1", 8), "IPv4");
        assertEquals(Optional.empty(), InterfaceIpv6Link.linkPrefix(java.net.Inet6Address.getByAddress(null,
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1}, -1), 96), "IPv4-mapped");
        assertEquals(Optional.empty(), prefix("2001:db8:5::17", 0), "no prefix length");
        assertEquals(Optional.empty(), prefix("::5", 64), "a network of zeros: no link's prefix");
    }

    @Test
    void distinctInOrderAndAtMostEight() {
        Stream<Optional<Ipv6Prefix>> many = IntStream.range(0, 12).mapToObj(i -> i % 3 == 0 ? Optional.<Ipv6Prefix>empty()
                : Optional.of(Ipv6Prefix.parse("fd7f:" + Integer.toHexString(i / 2) + "::/64")));
        List<Ipv6Prefix> prefixes = InterfaceIpv6Link.firstDistinct(many);
        assertEquals(List.of("fd7f::/64", "fd7f:1::/64", "fd7f:2::/64", "fd7f:3::/64", "fd7f:4::/64", "fd7f:5::/64"),
                prefixes.stream().map(String::valueOf).toList());
        List<Ipv6Prefix> twenty = InterfaceIpv6Link.firstDistinct(IntStream.range(0, 20)
                .mapToObj(i -> Optional.of(Ipv6Prefix.parse("2001:db8:" + Integer.toHexString(i) + "::/64"))));
        assertEquals(Registration.MAX_IPV6_PREFIXES, twenty.size());
        assertEquals(Ipv6Prefix.parse("2001:db8:7::/64"), twenty.get(7));
    }

    @Test
    void loopbackHasNoPrefixes() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(Ipv4Address.parse("127.0.0.1").toInetAddress());
        Assumptions.assumeTrue(lo != null, "SKIPPED: no interface holds 127.0.0.1");
        assertEquals(List.of(), InterfaceIpv6Link.prefixesOf(lo.getInterfaceAddresses()), "::1 and 127.0.0.1 are no link's");
    }

    @Test
    void everyInterfaceHereGivesPrefixesARegistrationCarries() throws Exception {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            List<Ipv6Prefix> prefixes = InterfaceIpv6Link.prefixesOf(nif.getInterfaceAddresses());
            new Registration("PC-" + nif.getName(), List.of(Ipv4Address.parse("127.0.0.1")), Ipv4Address.parse("255.0.0.0"),
                    MacAddress.parse("02:00:00:00:00:01"), 1776, WireRole.MEMBER, WireRole.MEMBER, 4, false, prefixes);
        }
    }

    /**
     * For real, in a network namespace the test makes ({@code unshare -n}, as root, as LinkMulticastSenderTest does): an
     * interface v0 with an IPv4 address, two addresses in one /64, one in another /64 and one in a /48 (and its
     * link-local one) gives the three prefixes, found the way the agent finds its link. Nothing is sent. Skipped with
     * the reason where the namespace cannot be made.
     */
    @Test
    void theAgentFindsItsInterfacesPrefixes() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "SKIPPED: network namespaces are Linux's");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")) || Files.isExecutable(Path.of("/bin/unshare")),
                "SKIPPED: no unshare to make a network namespace");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0"
                + " && ip link set lo up && ip link add v0 type veth peer name v1 && ip link set v0 up && ip link set v1 up"
                + " && ip addr add 169.254.99.1/16 dev v0"
                + " && ip -6 addr add fd7f:1:2::5/64 dev v0 nodad && ip -6 addr add fd7f:1:2::6/64 dev v0 nodad"
                + " && ip -6 addr add 2001:db8:5::17/64 dev v0 nodad && ip -6 addr add fd7f:9::1/48 dev v0 nodad"
                + " && sleep 0.3 && exec \"$0\" -cp \"$1\" org.reveille.agent.InterfaceIpv6LinkCheck 169.254.99.1";
        Process check = new ProcessBuilder("unshare", "-n", "sh", "-c", script, java, System.getProperty("java.class.path"))
                .redirectErrorStream(true).start();
        assertTrue(check.waitFor(60, TimeUnit.SECONDS), "the check in the namespace did not finish");
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeFalse(check.exitValue() != 0 && (output.contains("Operation not permitted") || output.contains("not found")),
                "SKIPPED: this machine lets the test make no network namespace with a veth pair (root and ip needed): " + output);
        assertEquals(0, check.exitValue(), output);
        assertTrue(output.contains("LINK v0\n"), output);
        assertTrue(output.contains("PREFIXES [2001:db8:5::/64, fd7f:1:2::/64, fd7f:9::/48]\n"), output);
        assertTrue(output.contains("REGISTRATION ACCEPTS THEM"), output);
    }
}
