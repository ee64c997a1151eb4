package org.reveille.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.Ack;
import org.reveille.protocol.WireRole;
import org.reveille.protocol.AgentStatus;
import org.reveille.protocol.ErrorCode;
import org.reveille.protocol.ErrorReply;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.GoingDown;
import org.reveille.protocol.Heartbeat;
import org.reveille.protocol.Message;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.RegisterRequest;
import org.reveille.protocol.Registration;
import org.reveille.protocol.RemoteErrorException;
import org.reveille.protocol.RoleChange;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.SecurityMismatch;
import org.reveille.protocol.SecurityMismatchException;
import org.reveille.protocol.StatusRequest;
import org.reveille.protocol.TargetResult;
import org.reveille.protocol.Unregister;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.WakeResult;
import org.reveille.protocol.BatchTarget;
import org.reveille.sim.MagicPacketRecorder;
import org.reveille.sim.SubnetBroadcastRelay;
import org.reveille.testing.LogCapture;
import org.reveille.testing.StandInServer;
import org.reveille.wol.SecureOnPassword;

/**
 * Real agents over real loopback sockets. Each test uses its own simulated subnet 127.33.N.0/24, with the
 * subnet's "segment" recorded on 127.33.N.255; nothing leaves 127.0.0.0/8.
 */
class AgentIntegrationTest {

    private static final byte[] KEY = "integration-test-shared-key-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final Ipv4Address MASK = Ipv4Address.parse("255.255.255.0");
    private static final int PROBE_PORT = 25776;
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<AutoCloseableResource> resources = new ArrayList<>();
    private AgentPlatform platform;

    private interface AutoCloseableResource {
        void close() throws Exception;
    }

    @BeforeEach
    void platform() throws IOException {
        platform = AgentPlatform.create("agent-it", 8, 2);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        platform.close();
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource::close);
        return resource;
    }

    private static Ipv4Address ip(int subnet, int host) {
        return Ipv4Address.parse("127.33." + subnet + "." + host);
    }

    private static MacAddress mac(int subnet, int host) {
        return MacAddress.fromLong(0x02007f210000L | subnet << 8 | host);
    }

    private AgentConfig.Builder agentConfig(int subnet, int host, StandInServer server) throws IOException {
        return AgentConfig.builder("PC-127-33-" + subnet + "-" + host, ip(subnet, host), MASK, mac(subnet, host))
                .listenPort(0).server("127.0.0.1", server.port()).probePort(PROBE_PORT)
                .probeTimeout(Duration.ofMillis(300)).probeAttempts(2).heartbeatInterval(Duration.ofMinutes(5));
    }

    private RunningAgent start(AgentConfig config) throws IOException {
        RunningAgent agent = RunningAgent.start(config, platform);
        resources.add(agent::close);
        return agent;
    }

    private static ProtocolClient serverSide(SecurityContext security) {
        return new ProtocolClient(new FrameCodec(security), null, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private static InetSocketAddress endpoint(RunningAgent agent) {
        return agent.listenAddress();
    }

    @Test
    void registersWhenAskedThenHeartbeatsAsAProxy() throws Exception {
        StandInServer server = keep(new StandInServer(SecurityContext.plain()));
        RunningAgent agent = start(agentConfig(1, 10, server).heartbeatInterval(Duration.ofMillis(200)).build());

        Message reply = serverSide(SecurityContext.plain()).exchange(endpoint(agent), new RegisterRequest("", 0));
        assertInstanceOf(Ack.class, reply);

        Registration registration = server.await(Registration.class, WAIT);
        assertEquals("PC-127-33-1-10", registration.machineName());
        assertEquals(ip(1, 10), registration.address());
        assertEquals(MASK, registration.mask());
        assertEquals("127.33.1.0/24", registration.subnet().toString());
        assertEquals(mac(1, 10), registration.mac());
        assertEquals(endpoint(agent).getPort(), registration.listenPort());
        assertEquals(WireRole.MEMBER, registration.previousRole());
        assertEquals(FrameCodec.MAX_SUPPORTED_VERSION, registration.protocolVersion(), "the highest version it reads");
        assertFalse(registration.secure());

        Heartbeat heartbeat = server.await(Heartbeat.class, WAIT);
        assertEquals(WireRole.PRIMARY, heartbeat.role());
        assertEquals(WireRole.PRIMARY, agent.role());
    }

    @Test
    void memberAgentSendsNoHeartbeat() throws Exception {
        StandInServer server = keep(new StandInServer(SecurityContext.plain()));
        start(agentConfig(2, 10, server).heartbeatInterval(Duration.ofMillis(100)).build());
        Thread.sleep(500);
        assertTrue(server.received().isEmpty(), "a MEMBER is no guardian: " + server.received());
    }

    @Test
    void wakeBatchReachesTheSubnetAndARedeliveredBatchWakesNobodyTwice() throws Exception {
        StandInServer server = keep(new StandInServer(SecurityContext.plain()));
        MagicPacketRecorder segment = keep(MagicPacketRecorder.open(ip(3, 255), 0, platform.listeners.selector()));
        RunningAgent agent = start(agentConfig(3, 10, server).wolPort(segment.port()).build());
        SecureOnPassword password = SecureOnPassword.parse("01:02:03:04:05:06");
        WakeBatch batch = new WakeBatch("job-1", 0, 2, List.of(BatchTarget.of(mac(3, 20)),
                new BatchTarget(mac(3, 21), password, null), BatchTarget.of(mac(3, 22))));

        Ack first = (Ack) serverSide(SecurityContext.plain()).exchange(endpoint(agent), batch);
        assertEquals(3, first.accepted());
        assertEquals(0, first.duplicates());
        awaitPackets(segment, 6);
        for (int host = 20; host <= 22; host++) {
            assertEquals(2, segment.receptionOf(mac(3, host)).packets(), "repeat 2 for host " + host);
            assertEquals(ip(3, 10), segment.receptionOf(mac(3, host)).lastSource());
        }
        assertEquals(password, segment.receptionOf(mac(3, 21)).lastPassword());
        assertNull(segment.receptionOf(mac(3, 20)).lastPassword());
        WakeResult result = server.await(WakeResult.class, WAIT);
        assertEquals("job-1", result.jobId());
        assertTrue(result.results().stream().allMatch(r -> r.outcome() == TargetResult.Outcome.SENT), result.toString());

        Ack again = (Ack) serverSide(SecurityContext.plain()).exchange(endpoint(agent), batch);
        assertEquals(0, again.accepted());
        assertEquals(3, again.duplicates());
        WakeResult duplicate = server.await(WakeResult.class, WAIT);
        assertTrue(duplicate.results().stream().allMatch(r -> r.outcome() == TargetResult.Outcome.DUPLICATE));
        Thread.sleep(300);
        assertEquals(6, segment.packets(), "the redelivered batch sent nothing");

        // Another job for the same machine is a new wake, not a duplicate.
        Ack otherJob = (Ack) serverSide(SecurityContext.plain()).exchange(endpoint(agent),
                new WakeBatch("job-2", 0, 1, List.of(BatchTarget.of(mac(3, 20)))));
        assertEquals(1, otherJob.accepted());
        awaitPackets(segment, 7);
        assertEquals(7, agent.packetsSent());
    }

    @Test
    void unicastToTheLastKnownIpIsSentToo() throws Exception {
        StandInServer server = keep(new StandInServer(SecurityContext.plain()));
        MagicPacketRecorder segment = keep(MagicPacketRecorder.open(ip(4, 255), 0, platform.listeners.selector()));
        MagicPacketRecorder machine = keep(MagicPacketRecorder.open(ip(4, 30), segment.port(),
                platform.listeners.selector()));
        RunningAgent agent = start(agentConfig(4, 10, server).wolPort(segment.port()).build());
        serverSide(SecurityContext.plain()).exchange(endpoint(agent),
                new WakeBatch("job-u", 0, 1, List.of(new BatchTarget(mac(4, 30), null, ip(4, 30)))));
        awaitPackets(segment, 1);
        awaitPackets(machine, 1);
        assertEquals(1, machine.receptionOf(mac(4, 30)).packets());
    }

    /**
     * Paired subnets (802.1X, docs/network.md): a version-3 batch names the directed-broadcast addresses of two
     * unauthenticated subnets; each target's packets reach its own segment and both paired ones (each repeated), and
     * the result says which paired broadcasts took them.
     */
    @Test
    void aBatchWithPairedSubnetsReachesTheirBroadcastAddressesToo() throws Exception {
        StandInServer server = keep(new StandInServer(SecurityContext.plain()));
        MagicPacketRecorder segment = keep(MagicPacketRecorder.open(ip(21, 255), 0, platform.listeners.selector()));
        MagicPacketRecorder guest = keep(MagicPacketRecorder.open(ip(22, 255), segment.port(), platform.listeners.selector()));
        MagicPacketRecorder authFail = keep(MagicPacketRecorder.open(ip(23, 127), segment.port(), platform.listeners.selector()));
        RunningAgent agent = start(agentConfig(21, 10, server).wolPort(segment.port()).build());
        WakeBatch batch = new WakeBatch("job-paired", 0, 2, List.of(BatchTarget.of(mac(21, 20)), BatchTarget.of(mac(21, 21))),
                List.of(ip(22, 255), ip(23, 127)));

        Ack ack = (Ack) serverSide(SecurityContext.plain()).exchange(endpoint(agent), batch);
        assertEquals(2, ack.accepted());
        awaitPackets(segment, 4);
        awaitPackets(guest, 4);
        awaitPackets(authFail, 4);
        for (MagicPacketRecorder recorder : List.of(segment, guest, authFail)) {
            assertEquals(2, recorder.receptionOf(mac(21, 21)).packets());
            assertEquals(ip(21, 10), recorder.receptionOf(mac(21, 21)).lastSource(), "sent by the agent, from its own address");
        }
        WakeResult result = server.await(WakeResult.class, WAIT);
        assertEquals(2, result.pairedCount(), "the result says how many paired broadcasts the batch named");
        for (TargetResult target : result.results()) {
            assertEquals(TargetResult.Outcome.SENT, target.outcome(), result.toString());
            assertEquals(6, target.datagrams(), "2 repeats on 3 paths");
            assertEquals(0b11, target.pairedSent(), "both paired broadcasts");
        }
        assertEquals(12, agent.packetsSent());
    }

    @Test
    void plainAgentRefusesASecureServerAndBothSidesSaySo() throws Exception {
        StandInServer server = keep(new StandInServer(SecurityContext.plain()));
        MagicPacketRecorder segment = keep(MagicPacketRecorder.open(ip(5, 255), 0, platform.listeners.selector()));
        RunningAgent agent = start(agentConfig(5, 10, server).wolPort(segment.port()).build());
        try (LogCapture logs = new LogCapture()) {
            SecurityMismatchException e = assertThrows(SecurityMismatchException.class,
                    () -> serverSide(SecurityContext.withKey(KEY)).exchange(endpoint(agent),
                            new WakeBatch("job-s", 0, 1, List.of(BatchTarget.of(mac(5, 20))))));
            assertEquals(SecurityMismatch.THIS_SIDE_REQUIRES_SIGNATURES, e.mismatch());
            List<String> serverLine = logs.awaitLines("the peer has no shared key", 2000);
            List<String> agentLine = logs.awaitLines("this side has no shared key", 2000);
            assertEquals(1, serverLine.size(), logs.linesContaining("Security mismatch").toString());
            assertEquals(1, agentLine.size(), logs.linesContaining("Security mismatch").toString());
            assertTrue(serverLine.get(0).contains("Security mismatch with 127.33.5.10:"), serverLine.get(0));
            assertTrue(agentLine.get(0).contains("Security mismatch with 127.0.0.1:"), agentLine.get(0));
            assertTrue(agentLine.get(0).endsWith("nothing executed"), agentLine.get(0));
        }
        Thread.sleep(200);
        assertEquals(0, segment.packets(), "nothing executed");
    }

    @Test
    void secureAgentRefusesAPlainServerAndBothSidesSaySo() throws Exception {
        StandInServer server = keep(new StandInServer(SecurityContext.withKey(KEY)));
        MagicPacketRecorder segment = keep(MagicPacketRecorder.open(ip(6, 255), 0, platform.listeners.selector()));
        RunningAgent agent = start(agentConfig(6, 10, server).wolPort(segment.port())
                .security(SecurityContext.withKey(KEY)).build());
        try (LogCapture logs = new LogCapture()) {
            SecurityMismatchException e = assertThrows(SecurityMismatchException.class,
                    () -> serverSide(SecurityContext.plain()).exchange(endpoint(agent),
                            new WakeBatch("job-p", 0, 1, List.of(BatchTarget.of(mac(6, 20))))));
            assertEquals(SecurityMismatch.PEER_REQUIRES_SIGNATURES, e.mismatch());
            assertEquals(1, logs.awaitLines("the peer has no shared key", 2000).size(),
                    "agent side: " + logs.linesContaining("Security mismatch"));
            assertEquals(1, logs.awaitLines("this side has no shared key", 2000).size(),
                    "server side: " + logs.linesContaining("Security mismatch"));
        }
        Thread.sleep(200);
        assertEquals(0, segment.packets(), "nothing executed");
        // With the same key, the same command is executed.
        Ack ack = (Ack) serverSide(SecurityContext.withKey(KEY)).exchange(endpoint(agent),
                new WakeBatch("job-p", 0, 1, List.of(BatchTarget.of(mac(6, 20)))));
        assertEquals(1, ack.accepted());
        awaitPackets(segment, 1);
        assertTrue(server.await(WakeResult.class, WAIT).results().get(0).outcome() == TargetResult.Outcome.SENT);
    }

    @Test
    void aReplayedFrameIsRefusedAndExecutesNothing() throws Exception {
        StandInServer server = keep(new StandInServer(SecurityContext.withKey(KEY)));
        MagicPacketRecorder segment = keep(MagicPacketRecorder.open(ip(7, 255), 0, platform.listeners.selector()));
        RunningAgent agent = start(agentConfig(7, 10, server).wolPort(segment.port())
                .security(SecurityContext.withKey(KEY)).dedupeWindow(Duration.ZERO).build());
        FrameCodec attacker = new FrameCodec(SecurityContext.withKey(KEY));
        byte[] captured = attacker.encode(new WakeBatch("job-r", 0, 1, List.of(BatchTarget.of(mac(7, 20)))));
        FrameCodec reader = new FrameCodec(SecurityContext.withKey(KEY));

        assertInstanceOf(Ack.class, sendRaw(agent, captured, reader));
        awaitPackets(segment, 1);
        try (LogCapture logs = new LogCapture()) {
            Message second = sendRaw(agent, captured, reader);
            ErrorReply error = assertInstanceOf(ErrorReply.class, second);
            assertEquals(ErrorCode.REPLAYED, error.code());
            assertEquals(1, logs.awaitLines("REPLAYED", 2000).size());
        }
        Thread.sleep(200);
        assertEquals(1, segment.packets(), "the replay woke nobody, although de-duplication was off");
    }

    private static Message sendRaw(RunningAgent agent, byte[] frame, FrameCodec reader) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(agent.listenAddress(), 2000);
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            out.write(frame);
            out.flush();
            InputStream in = socket.getInputStream();
            return reader.read(in).message();
        }
    }

    @Test
    void returningFormerPrimaryBecomesPrimaryWhenNoPrimaryAnswers() throws Exception {
        StandInServer server = keep(new StandInServer(SecurityContext.plain()));
        SubnetBroadcastRelay relay = keep(SubnetBroadcastRelay.open(ip(8, 255), PROBE_PORT,
                platform.listeners.selector()));
        relay.join(ip(8, 10), PROBE_PORT);
        RoleMemory memory = RoleMemory.inMemory(WireRole.PRIMARY);
        RunningAgent agent = start(agentConfig(8, 10, server).roleMemory(memory).build());
        assertEquals(WireRole.ALTERNATE, agent.role(), "comes up as Alternate");

        Registration registration = server.await(Registration.class, WAIT);
        assertEquals(WireRole.PRIMARY, registration.previousRole());
        assertEquals(WireRole.PRIMARY, registration.requestedRole());
        assertEquals(WireRole.PRIMARY, agent.startup().get(5, TimeUnit.SECONDS));
        assertEquals(WireRole.PRIMARY, memory.load());
    }

    @Test
    void returningFormerPrimaryStaysAlternateWhenThePrimaryAnswers() throws Exception {
        StandInServer server = keep(new StandInServer(SecurityContext.withKey(KEY)));
        SubnetBroadcastRelay relay = keep(SubnetBroadcastRelay.open(ip(9, 255), PROBE_PORT,
                platform.listeners.selector()));
        relay.join(ip(9, 10), PROBE_PORT);
        relay.join(ip(9, 11), PROBE_PORT);
        RunningAgent primary = start(agentConfig(9, 10, server).security(SecurityContext.withKey(KEY)).build());
        serverSide(SecurityContext.withKey(KEY)).exchange(endpoint(primary), new RoleChange(WireRole.PRIMARY, "test"));
        assertEquals(WireRole.PRIMARY, primary.role());

        RoleMemory memory = RoleMemory.inMemory(WireRole.PRIMARY);
        try (LogCapture logs = new LogCapture()) {
            RunningAgent returning = start(agentConfig(9, 11, server).security(SecurityContext.withKey(KEY))
                    .roleMemory(memory).build());
            Registration registration = server.await(Registration.class, WAIT);
            assertEquals("PC-127-33-9-11", registration.machineName());
            assertEquals(WireRole.PRIMARY, registration.previousRole());
            assertEquals(WireRole.ALTERNATE, registration.requestedRole());
            assertEquals(WireRole.ALTERNATE, returning.startup().get(5, TimeUnit.SECONDS));
            assertEquals(1, logs.awaitLines("Primary 127.33.9.10 (PC-127-33-9-10) answered", 1000).size());
        }
        assertEquals(WireRole.PRIMARY, primary.role());
    }

    @Test
    void aSecurePrimaryIgnoresUnsignedProbesAndSaysWhy() throws Exception {
        StandInServer server = keep(new StandInServer(SecurityContext.withKey(KEY)));
        RunningAgent primary = start(agentConfig(12, 10, server).security(SecurityContext.withKey(KEY)).build());
        serverSide(SecurityContext.withKey(KEY)).exchange(endpoint(primary), new RoleChange(WireRole.PRIMARY, "test"));
        FrameCodec plainCodec = new FrameCodec(SecurityContext.plain());
        FrameCodec signedCodec = new FrameCodec(SecurityContext.withKey(KEY));
        try (java.net.DatagramSocket asker = new java.net.DatagramSocket(
                new InetSocketAddress(ip(12, 11).toInetAddress(), PROBE_PORT));
                LogCapture logs = new LogCapture()) {
            asker.setSoTimeout(500);
            InetSocketAddress primaryProbePort = new InetSocketAddress(ip(12, 10).toInetAddress(), PROBE_PORT);
            byte[] unsigned = plainCodec.encode(new org.reveille.protocol.PrimaryProbe(
                    org.reveille.net.Cidr.parse("127.33.12.0/24"), ip(12, 11), "PC-PLAIN"));
            asker.send(new java.net.DatagramPacket(unsigned, unsigned.length, primaryProbePort));
            assertThrows(java.net.SocketTimeoutException.class,
                    () -> asker.receive(new java.net.DatagramPacket(new byte[1024], 1024)));
            assertEquals(1, logs.awaitLines("Security mismatch with 127.33.12.11:" + PROBE_PORT
                    + ": this side requires authenticated frames", 1000).size());

            byte[] signed = signedCodec.encode(new org.reveille.protocol.PrimaryProbe(
                    org.reveille.net.Cidr.parse("127.33.12.0/24"), ip(12, 11), "PC-SIGNED"));
            asker.send(new java.net.DatagramPacket(signed, signed.length, primaryProbePort));
            java.net.DatagramPacket answer = new java.net.DatagramPacket(new byte[1024], 1024);
            asker.setSoTimeout(2000);
            asker.receive(answer);
            org.reveille.protocol.PrimaryAnswer decoded = (org.reveille.protocol.PrimaryAnswer) signedCodec
                    .decode(answer.getData(), 0, answer.getLength()).message();
            assertEquals(ip(12, 10), decoded.primary());
        }
    }

    @Test
    void answersStatusAndFollowsUnregisterAndRoleChange() throws Exception {
        StandInServer server = keep(new StandInServer(SecurityContext.plain()));
        RunningAgent agent = start(agentConfig(10, 10, server).build());
        ProtocolClient client = serverSide(SecurityContext.plain());
        AgentStatus status = (AgentStatus) client.exchange(endpoint(agent), new StatusRequest());
        assertEquals("PC-127-33-10-10", status.machineName());
        assertEquals(WireRole.MEMBER, status.role());
        client.exchange(endpoint(agent), new RoleChange(WireRole.ALTERNATE, "recruited"));
        assertEquals(WireRole.ALTERNATE, ((AgentStatus) client.exchange(endpoint(agent), new StatusRequest())).role());
        client.exchange(endpoint(agent), new Unregister("a better Alternate registered"));
        assertEquals(WireRole.MEMBER, agent.role());
        // An agent-to-server message sent to the agent is refused, not executed.
        RemoteErrorException refused = assertThrows(RemoteErrorException.class, () -> client.exchange(endpoint(agent),
                new GoingDown("x", ip(10, 99), WireRole.PRIMARY, "spoof")));
        assertEquals(ErrorCode.UNEXPECTED_MESSAGE, refused.code());
    }

    @Test
    void aProxySaysGoingDownOnAnOrderlyStopButNotWhenKilled() throws Exception {
        StandInServer server = keep(new StandInServer(SecurityContext.plain()));
        RunningAgent agent = start(agentConfig(11, 10, server).build());
        serverSide(SecurityContext.plain()).exchange(endpoint(agent), new RoleChange(WireRole.PRIMARY, "test"));
        agent.stop("system shutdown");
        GoingDown goingDown = server.await(GoingDown.class, WAIT);
        assertEquals(WireRole.PRIMARY, goingDown.role());
        assertEquals("system shutdown", goingDown.reason());

        RunningAgent killed = start(agentConfig(11, 11, server).build());
        serverSide(SecurityContext.plain()).exchange(endpoint(killed), new RoleChange(WireRole.ALTERNATE, "test"));
        killed.close();
        Thread.sleep(300);
        assertTrue(server.received().stream().noneMatch(m -> m instanceof GoingDown));
    }

    static void awaitPackets(MagicPacketRecorder recorder, long expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (recorder.packets() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, recorder.packets(), "magic packets observed on the segment");
    }
}
