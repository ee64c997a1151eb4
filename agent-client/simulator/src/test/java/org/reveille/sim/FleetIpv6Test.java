package org.reveille.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reveille.net.Ipv4Address;
import org.reveille.net.Ipv6Address;
import org.reveille.net.Ipv6Prefix;
import org.reveille.net.MacAddress;
import org.reveille.protocol.Ack;
import org.reveille.protocol.BatchTarget;
import org.reveille.protocol.Frame;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.RegisterRequest;
import org.reveille.protocol.Registration;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.TargetResult;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.WakeResult;
import org.reveille.protocol.WireRole;
import org.reveille.testing.LogCapture;

/**
 * A fleet with IPv6 links (docs/protocol.md, "Version 4"): its agents register their subnet's prefix fd7f:x:y::/64, send
 * each magic packet to their link (the recorder on [::1]) and report it when the batch asks; an older server that
 * refuses the version-4 REGISTRATION gets one without prefixes. Real agents, real sockets, nothing beyond 127/8 and ::1.
 */
class FleetIpv6Test {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ProtocolClient SERVER_SIDE = new ProtocolClient(new FrameCodec(SecurityContext.plain()), null,
            Duration.ofSeconds(2), Duration.ofSeconds(5));

    private VersionedServer server;
    private FleetSimulator fleet;

    @AfterEach
    void stop() throws IOException {
        if (fleet != null) {
            fleet.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Subnets 127.&lt;second&gt;.0.0/24 and 127.&lt;second&gt;.1.0/24, one agent (.10) and three sleeping machines each. */
    private FleetSimulator fleet(int second, VersionedServer server) throws IOException {
        return FleetSimulator.start(FleetConfig.builder().subnets(2).firstSubnet(Ipv4Address.parse("127." + second + ".0.0"))
                .agentsPerSubnet(1).deadHostsPerSubnet(0).sleepingPerSubnet(3).agentPort(1776).probePort(25785)
                .wolPort(24085).server("127.0.0.1", server.port()).ipv6(true).build());
    }

    private static InetSocketAddress agent(String ip) {
        return new InetSocketAddress(Ipv4Address.parse(ip).toInetAddress(), 1776);
    }

    private List<MacAddress> sleeping(int subnet) {
        return fleet.subnets().get(subnet).machines(SimulatedMachine.Kind.SLEEPING).stream().map(SimulatedMachine::mac).toList();
    }

    @Test
    void eachSubnetHasItsPrefixAndEachMachineItsAddress() throws Exception {
        server = new VersionedServer(FrameCodec.VERSION_IPV6);
        fleet = fleet(85, server);
        assertEquals(Ipv6Prefix.parse("fd7f:55::/64"), fleet.subnets().get(0).ipv6Prefix());
        assertEquals(Ipv6Prefix.parse("fd7f:55:1::/64"), fleet.subnets().get(1).ipv6Prefix());
        SimulatedMachine first = fleet.subnets().get(1).machines().get(0);
        assertEquals(Ipv4Address.parse("127.85.1.10"), first.ip());
        assertEquals(Ipv6Address.parse("fd7f:55:1::a"), first.ipv6());
        assertTrue(fleet.subnets().get(1).ipv6Prefix().contains(first.ipv6()));
        assertTrue(fleet.inventoryJson().contains("\"mac\":\"02:00:7f:55:01:0a\",\"ip\":\"127.85.1.10\","
                + "\"subnet\":\"127.85.1.0/24\",\"ipv6\":\"fd7f:55:1::a\"}"), fleet.inventoryJson());
        assertTrue(fleet.linkRecorder().port() > 0);
    }

    /** (a) REGISTRATION carries the subnet's prefix, as a version-4 frame. */
    @Test
    void anAgentRegistersItsLinksPrefix() throws Exception {
        server = new VersionedServer(FrameCodec.VERSION_IPV6);
        fleet = fleet(85, server);
        for (int subnet = 0; subnet < 2; subnet++) {
            String ip = "127.85." + subnet + ".10";
            assertInstanceOf(Ack.class, SERVER_SIDE.exchange(agent(ip), new RegisterRequest("", 0)));
            Frame frame = server.await(Registration.class, WAIT);
            Registration registration = (Registration) frame.message();
            assertEquals(Ipv4Address.parse(ip), registration.address());
            assertEquals(List.of(fleet.subnets().get(subnet).ipv6Prefix()), registration.ipv6Prefixes());
            assertEquals(FrameCodec.VERSION_IPV6, frame.version(), "prefixes are version 4");
        }
    }

    /** (b) link=true: every target's packets reach the link recorder and the WAKE RESULT (version 4) says so. */
    @Test
    void aBatchAskingForTheLinkReachesItAndIsReportedInVersion4() throws Exception {
        server = new VersionedServer(FrameCodec.VERSION_IPV6);
        fleet = fleet(87, server);
        List<MacAddress> macs = sleeping(1);
        WakeBatch batch = new WakeBatch("job-link", 0, 2, macs.stream().map(BatchTarget::of).toList(), List.of(), true);

        Ack ack = (Ack) SERVER_SIDE.exchange(agent("127.87.1.10"), batch);
        assertEquals(3, ack.accepted());
        assertEquals(List.of(), fleet.awaitLinkReceived(macs, WAIT), "every target's packet reached the IPv6 link");
        assertEquals(List.of(), fleet.awaitWoken(macs, WAIT), "and its IPv4 segment");
        for (MacAddress mac : macs) {
            Reception onLink = fleet.linkReceptions().get(mac);
            assertEquals(2, onLink.packets(), "repeat 2 on the link");
            assertEquals(Ipv6Address.LOOPBACK.toInetAddress(), onLink.lastSourceAddress());
            assertNull(onLink.lastSource(), "no IPv4 source");
        }
        assertTrue(sleeping(0).stream().noneMatch(fleet.linkReceptions()::containsKey), "the other subnet's machines got nothing");
        Frame frame = server.await(WakeResult.class, WAIT);
        WakeResult result = (WakeResult) frame.message();
        assertEquals(FrameCodec.VERSION_IPV6, frame.version());
        assertTrue(result.link());
        assertEquals(3, result.results().size());
        for (TargetResult target : result.results()) {
            assertEquals(TargetResult.Outcome.SENT, target.outcome(), result.toString());
            assertTrue(target.linkSent(), result.toString());
            assertEquals(4, target.datagrams(), "2 on the subnet, 2 on the link");
        }

        // link=false (a server that does not ask): the link still gets the packets, the result does not say so
        WakeBatch plain = new WakeBatch("job-plain", 0, 1, macs.stream().map(BatchTarget::of).toList());
        assertEquals(3, ((Ack) SERVER_SIDE.exchange(agent("127.87.1.10"), plain)).accepted());
        Frame plainFrame = server.await(WakeResult.class, WAIT);
        WakeResult plainResult = (WakeResult) plainFrame.message();
        assertEquals(1, plainFrame.version(), "written without the link, as before");
        assertFalse(plainResult.link());
        assertTrue(plainResult.results().stream().allMatch(r -> r.outcome() == TargetResult.Outcome.SENT && !r.linkSent()
                && r.datagrams() == 2), plainResult.toString());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (macs.stream().anyMatch(mac -> fleet.linkReceptions().get(mac).packets() < 3) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        for (MacAddress mac : macs) {
            assertEquals(3, fleet.linkReceptions().get(mac).packets(), "sent to the link anyway");
        }
    }

    /** (c) An older server refuses the version-4 REGISTRATION; the agent registers again without prefixes and works on. */
    @Test
    void anOlderServerGetsASecondRegistrationWithoutPrefixes() throws Exception {
        server = new VersionedServer(FrameCodec.VERSION_WAKE_PATHS);
        fleet = fleet(86, server);
        String warning = server.label() + " speaks an older protocol: registering without the IPv6 prefixes of sim-127.86.0.0/24";
        try (LogCapture logs = new LogCapture()) {
            assertInstanceOf(Ack.class, SERVER_SIDE.exchange(agent("127.86.0.10"), new RegisterRequest("", 0)));
            Frame refused = server.await(Registration.class, WAIT);
            assertEquals(FrameCodec.VERSION_IPV6, refused.version());
            assertEquals(List.of(Ipv6Prefix.parse("fd7f:56::/64")), ((Registration) refused.message()).ipv6Prefixes());
            Frame second = server.await(Registration.class, WAIT);
            assertEquals(1, second.version(), "as an older agent registers");
            assertEquals(List.of(), ((Registration) second.message()).ipv6Prefixes());
            assertEquals(1, logs.awaitLines(warning, 2000).size(), logs.linesContaining("older protocol").toString());
            awaitRole(Ipv4Address.parse("127.86.0.10"), WireRole.PRIMARY);

            // from now on without prefixes at once, and without another warning
            SERVER_SIDE.exchange(agent("127.86.0.10"), new RegisterRequest("", 0));
            Frame third = server.await(Registration.class, WAIT);
            assertEquals(1, third.version());
            assertEquals(List.of(), ((Registration) third.message()).ipv6Prefixes());
            Thread.sleep(200);
            assertEquals(1, logs.linesContaining("older protocol").size());
        }

        // and it works on: a batch from that server is executed and reported as the server reads it
        List<MacAddress> macs = sleeping(0);
        assertEquals(3, ((Ack) SERVER_SIDE.exchange(agent("127.86.0.10"),
                new WakeBatch("job-old", 0, 1, macs.stream().map(BatchTarget::of).toList()))).accepted());
        assertEquals(List.of(), fleet.awaitWoken(macs, WAIT));
        Frame result = server.await(WakeResult.class, WAIT);
        assertEquals(1, result.version());
        assertTrue(((WakeResult) result.message()).results().stream().allMatch(r -> r.outcome() == TargetResult.Outcome.SENT));

        // a restarted agent tries the prefixes again (a returning Primary registers by itself)
        fleet.kill(Ipv4Address.parse("127.86.0.10"));
        fleet.restart(Ipv4Address.parse("127.86.0.10")).startup().get(10, TimeUnit.SECONDS);
        Frame again = server.await(Registration.class, WAIT);
        assertEquals(FrameCodec.VERSION_IPV6, again.version(), "after a restart the prefixes are offered again");
        assertEquals(1, server.await(Registration.class, WAIT).version());
    }

    @Test
    void aFleetWithoutIpv6HasNoLinks() throws Exception {
        server = new VersionedServer(FrameCodec.VERSION_IPV6);
        fleet = FleetSimulator.start(FleetConfig.builder().subnets(1).firstSubnet(Ipv4Address.parse("127.88.0.0"))
                .agentsPerSubnet(1).deadHostsPerSubnet(0).sleepingPerSubnet(1).agentPort(1776).probePort(25785)
                .wolPort(24085).server("127.0.0.1", server.port()).build());
        assertNull(fleet.subnets().get(0).ipv6Prefix());
        assertTrue(fleet.machines().stream().allMatch(m -> m.ipv6() == null));
        assertFalse(fleet.inventoryJson().contains("ipv6"));
        assertNull(fleet.linkRecorder());
        assertTrue(fleet.linkReceptions().isEmpty());
        assertThrows(IllegalStateException.class, () -> fleet.awaitLinkReceived(sleeping(0), WAIT));
        SERVER_SIDE.exchange(agent("127.88.0.10"), new RegisterRequest("", 0));
        Frame registration = server.await(Registration.class, WAIT);
        assertEquals(List.of(), ((Registration) registration.message()).ipv6Prefixes(), "loopback is no IPv6 link");
        assertEquals(1, registration.version());
    }

    private void awaitRole(Ipv4Address address, WireRole role) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (fleet.agent(address).role() != role && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(role, fleet.agent(address).role());
    }
}
