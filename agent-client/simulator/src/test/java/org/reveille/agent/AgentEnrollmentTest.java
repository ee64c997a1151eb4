package org.reveille.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.Ack;
import org.reveille.protocol.AgentStatus;
import org.reveille.protocol.BatchTarget;
import org.reveille.protocol.Ed25519;
import org.reveille.protocol.Endorsement;
import org.reveille.protocol.Enroll;
import org.reveille.protocol.ErrorCode;
import org.reveille.protocol.Frame;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.Heartbeat;
import org.reveille.protocol.IdentityKeys;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.ProtocolException;
import org.reveille.protocol.RegisterRequest;
import org.reveille.protocol.Registration;
import org.reveille.protocol.RemoteErrorException;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.SecurityMismatchException;
import org.reveille.protocol.SigningIdentity;
import org.reveille.protocol.StatusRequest;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.WakeResult;
import org.reveille.protocol.WireRole;
import org.reveille.sim.MagicPacketRecorder;
import org.reveille.testing.LogCapture;

/**
 * The agent side of per-agent identities (docs/security.md, "Agent identity"; docs/protocol.md, "The agent program"),
 * real agents against a test server made of protocol classes ({@link EnrollingServer}) on loopback: enrollment with a
 * token and its refusal, the identity file kept and reused, every frame signed with the identity, commands accepted
 * only with the server's key, a rotated server key learnt and kept, no PRIMARY PROBE. Subnets 127.35.N.0/24.
 */
class AgentEnrollmentTest {

    private static final String TOKEN = "tok1.s3cret-for-the-test";
    private static final byte[] SHARED_KEY = "enrollment-test-shared-key-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final Ipv4Address MASK = Ipv4Address.parse("255.255.255.0");
    private static final int PROBE_PORT = 25821;
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private AgentPlatform platform;

    @BeforeEach
    void platform() throws IOException {
        platform = AgentPlatform.create("enrollment-test", 8, 2);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        platform.close();
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private static Ipv4Address ip(int subnet, int host) {
        return Ipv4Address.parse("127.35." + subnet + "." + host);
    }

    private static MacAddress mac(int subnet, int host) {
        return MacAddress.fromLong(0x02007f230000L | subnet << 8 | host);
    }

    /** An agent that enrolls with {@code token} and keeps its identity in {@code file}. */
    private static AgentConfig.Builder enrolling(int subnet, int host, EnrollingServer server, Path file, String token)
            throws IOException {
        return AgentConfig.builder("PC-127-35-" + subnet + "-" + host, ip(subnet, host), MASK, mac(subnet, host))
                .listenPort(0).server("127.0.0.1", server.port()).probePort(PROBE_PORT)
                .heartbeatInterval(Duration.ofMinutes(5)).identityFile(file)
                .enrollmentToken(token == null ? null : EnrollmentSecret.parse(token));
    }

    private RunningAgent start(AgentConfig config) throws IOException {
        return keep(RunningAgent.start(config, platform));
    }

    private static ProtocolClient client(SecurityContext security) {
        return new ProtocolClient(new FrameCodec(security), null, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /** The server keys an agent trusts, as a PC holding that agent's identity file knows them. */
    private static IdentityKeys serverKeysOf(RunningAgent agent) {
        return signer -> {
            java.security.PublicKey key = agent.identity().serverKeys().get(signer);
            if (key == null) {
                throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "not a server key: " + signer);
            }
            return key;
        };
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }

    private static int freePort(Ipv4Address address) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, address.toInetAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void enrollsOnceKeepsItsIdentityAndSignsEveryFrameWithIt() throws Exception {
        EnrollingServer server = keep(new EnrollingServer(TOKEN));
        Path file = dir.resolve("state/agent-identity");
        AgentConfig config = enrolling(1, 10, server, file, TOKEN).heartbeatInterval(Duration.ofMillis(200)).build();
        RunningAgent agent;
        try (LogCapture logs = new LogCapture()) {
            agent = start(config);
            assertEquals(1, logs.linesContaining("Enrolled with " + server.label() + " as agent 1001; identity kept in "
                    + file).size(), logs.linesContaining("nrolled").toString());
            assertEquals(1, logs.linesContaining("listening on 127.35.1.10:" + agent.listenAddress().getPort()).stream()
                    .filter(line -> line.contains(", identity 1001, ")).count());
            assertEquals(1, logs.linesContaining("No PRIMARY PROBE with an identity").size());
        }

        assertEquals(1, server.enrollments().size());
        Enroll enroll = server.enrollments().get(0);
        assertEquals("tok1", enroll.tokenId());
        assertEquals("PC-127-35-1-10", enroll.machineName());
        assertEquals(List.of(ip(1, 10)), enroll.addresses());
        assertEquals(MASK, enroll.mask());
        assertEquals(mac(1, 10), enroll.mac());
        assertEquals(agent.listenAddress().getPort(), enroll.listenPort(), "the port it really listens on");
        assertEquals(1001, agent.identity().agentId());
        assertArrayEquals(enroll.publicKey(), agent.identity().publicKey().getEncoded());
        assertEquals(Set.of(EnrollingServer.FIRST_KEY_ID), agent.identity().serverKeys().keySet());

        // the identity file: mode 600, and what the agent runs with
        assertTrue(Files.exists(file));
        if (posix(file)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        IdentityFile kept = IdentityFile.read(file);
        assertEquals(1001, kept.agentId());
        assertArrayEquals(enroll.publicKey(), kept.publicKey().getEncoded());
        assertArrayEquals(server.firstPublicKey().getEncoded(), kept.serverKeys().get(EnrollingServer.FIRST_KEY_ID).getEncoded());

        // asked by the server (its key), it registers, heartbeats and answers, every frame signed as agent 1001
        assertInstanceOf(Ack.class, server.commands().exchange(agent.listenAddress(), new RegisterRequest("", 0)));
        Frame registration = server.await(Registration.class, WAIT);
        assertEquals(1001, registration.signer());
        assertEquals(FrameCodec.VERSION_IDENTITY, registration.version());
        assertEquals(FrameCodec.MAX_SUPPORTED_VERSION, ((Registration) registration.message()).protocolVersion());
        assertTrue(((Registration) registration.message()).secure());
        Frame heartbeat = server.await(Heartbeat.class, WAIT);
        assertEquals(1001, heartbeat.signer());
        AgentStatus status = (AgentStatus) server.commands().exchange(agent.listenAddress(), new StatusRequest());
        assertEquals(FrameCodec.MAX_SUPPORTED_VERSION, status.protocolVersion());
        assertTrue(status.secure());

        // started again with the same file (and the token still given): no second ENROLL
        agent.close();
        try (LogCapture logs = new LogCapture()) {
            RunningAgent again = start(config);
            assertEquals(1, logs.linesContaining("Already enrolled as agent 1001 (" + file + ")").size());
            assertEquals(1001, again.identity().agentId());
            assertInstanceOf(Ack.class, server.commands().exchange(again.listenAddress(), new RegisterRequest("", 0)));
            assertEquals(1001, server.await(Registration.class, WAIT).signer());
        }
        assertEquals(1, server.enrollments().size(), "the identity file was reused");
    }

    @Test
    void aRefusedTokenStopsTheStartWithTheServersReasonAndLeavesNoIdentity() throws Exception {
        EnrollingServer server = keep(new EnrollingServer(TOKEN));
        Path file = dir.resolve("agent-identity");
        EnrollmentException unknown = assertThrows(EnrollmentException.class,
                () -> start(enrolling(2, 10, server, file, "nosuch.s3cret").build()));
        assertTrue(unknown.refused());
        assertEquals("Enrollment refused by " + server.label()
                + ": ENROLLMENT_REFUSED: token nosuch is unknown, expired, used up or revoked", unknown.getMessage());
        // the right token id with a wrong secret: the server cannot check the ENROLL
        EnrollmentException wrongSecret = assertThrows(EnrollmentException.class,
                () -> start(enrolling(2, 10, server, file, "tok1.guessed").build()));
        assertTrue(wrongSecret.getMessage().startsWith("Enrollment refused by " + server.label() + ": BAD_SIGNATURE: "),
                wrongSecret.getMessage());
        assertTrue(server.enrollments().isEmpty());
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "no identity file, no temporary file");
        }

        // the program: exit code 3, the server's reason on stderr
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = AgentMain.run(new String[] {"--server", server.label(), "--listen", "127.35.2.11:" + freePort(ip(2, 11)),
                "--name", "PC-REFUSED", "--mac", "02:00:7f:23:02:0b", "--state-dir", dir.toString(), "--enroll-token",
                "nosuch.s3cret"}, errors, errors);
        assertEquals(AgentMain.CONFIGURATION, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("reveille-agent: Enrollment refused by " + server.label()
                + ": ENROLLMENT_REFUSED: token nosuch is unknown"), err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(dir.resolve(AgentCommandLine.IDENTITY_FILE)));
    }

    @Test
    void aCorruptIdentityFileStopsTheStartAndNamesTheFile() throws Exception {
        EnrollingServer server = keep(new EnrollingServer(TOKEN));
        Path file = Files.writeString(dir.resolve("agent-identity"), "agent-id=1001\nprivate-key=not a key\n");
        IdentityFileException e = assertThrows(IdentityFileException.class,
                () -> start(enrolling(3, 10, server, file, TOKEN).build()));
        assertTrue(e.getMessage().startsWith("identity file " + file + " is unusable: "), e.getMessage());
        assertEquals("agent-id=1001\nprivate-key=not a key\n", Files.readString(file), "left as it is");
        assertTrue(server.enrollments().isEmpty(), "never a silent second enrollment");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(AgentMain.CONFIGURATION, AgentMain.run(new String[] {"--server", server.label(), "--listen",
                "127.35.3.11:" + freePort(ip(3, 11)), "--name", "PC-CORRUPT", "--mac", "02:00:7f:23:03:0b",
                "--identity-file", file.toString()}, errors, errors));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("identity file " + file + " is unusable"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anEnrolledAgentObeysTheServersKeyOnly() throws Exception {
        EnrollingServer server = keep(new EnrollingServer(TOKEN));
        MagicPacketRecorder segment = keep(MagicPacketRecorder.open(ip(4, 255), 0, platform.listeners().selector()));
        RunningAgent agent = start(enrolling(4, 10, server, dir.resolve("a"), TOKEN).wolPort(segment.port())
                .security(SecurityContext.withKey(SHARED_KEY)).build());
        RunningAgent other = start(enrolling(4, 11, server, dir.resolve("b"), TOKEN).build());
        assertEquals(1001, agent.identity().agentId());
        SigningIdentity rogue = other.signingIdentity();
        assertEquals(1002, rogue.signer());
        WakeBatch batch = new WakeBatch("job-id", 0, 1, List.of(BatchTarget.of(mac(4, 20))));

        // the shared key (a PC that has not enrolled holds it) no longer commands this agent
        RemoteErrorException sharedKey = assertThrows(RemoteErrorException.class,
                () -> client(SecurityContext.withKey(SHARED_KEY)).exchange(agent.listenAddress(), batch));
        assertEquals(ErrorCode.IDENTITY_REFUSED, sharedKey.code());
        assertTrue(sharedKey.getMessage().contains("identity-signed frames only"), sharedKey.getMessage());
        // nor does a frame without signature
        assertThrows(SecurityMismatchException.class, () -> client(SecurityContext.plain()).exchange(agent.listenAddress(), batch));
        // another agent's own valid identity is not a server key
        RemoteErrorException otherAgent = assertThrows(RemoteErrorException.class, () -> client(SecurityContext.forIdentities()
                .withIdentity(rogue, serverKeysOf(other))).exchange(agent.listenAddress(), batch));
        assertEquals(ErrorCode.IDENTITY_REFUSED, otherAgent.code());
        assertTrue(otherAgent.getMessage().contains("signer 1002 is not a server key this agent knows"), otherAgent.getMessage());
        // nor can it pass its key off as the server's key id
        RemoteErrorException asServer = assertThrows(RemoteErrorException.class, () -> client(SecurityContext.forIdentities()
                .withIdentity(new SigningIdentity(EnrollingServer.FIRST_KEY_ID, rogue.key()), serverKeysOf(other)))
                .exchange(agent.listenAddress(), batch));
        assertEquals(ErrorCode.BAD_SIGNATURE, asServer.code());
        Thread.sleep(200);
        assertEquals(0, segment.packets(), "nothing woken");

        // the server's key: executed, and the result reported as agent 1001
        Ack ack = (Ack) server.commands().exchange(agent.listenAddress(), batch);
        assertEquals(1, ack.accepted());
        AgentIntegrationTest.awaitPackets(segment, 1);
        Frame result = server.await(WakeResult.class, WAIT);
        assertEquals(1001, result.signer());
        assertEquals("job-id", ((WakeResult) result.message()).jobId());
    }

    @Test
    void learnsAServerKeyItsKnownKeyEndorsedAndKeepsIt() throws Exception {
        EnrollingServer server = keep(new EnrollingServer(TOKEN));
        Path file = dir.resolve("agent-identity");
        AgentConfig config = enrolling(5, 10, server, file, TOKEN).build();
        RunningAgent agent = start(config);
        long now = System.currentTimeMillis();

        // the rotation's overlap: key 8 signs, endorsed by key 7
        KeyPair key8 = Ed25519.generate();
        server.rotate(8, key8, now + 3_600_000);
        try (LogCapture logs = new LogCapture()) {
            assertInstanceOf(AgentStatus.class, server.commands().exchange(agent.listenAddress(), new StatusRequest()));
            assertEquals(1, logs.linesContaining("Learned server key 8 (endorsed by key 7)").size());
        }
        assertEquals(List.of(7L, 8L), List.copyOf(agent.identity().serverKeys().keySet()));
        IdentityFile kept = IdentityFile.read(file);
        assertEquals(List.of(7L, 8L), List.copyOf(kept.serverKeys().keySet()));
        assertArrayEquals(key8.getPublic().getEncoded(), kept.serverKeys().get(8L).getEncoded());
        if (posix(file)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }

        // after the overlap key 8 signs without endorsement: accepted, also by the agent started again from its file
        server.rotate(8, key8, 0);
        assertInstanceOf(AgentStatus.class, server.commands().exchange(agent.listenAddress(), new StatusRequest()));
        agent.close();
        RunningAgent again = start(config);
        assertInstanceOf(AgentStatus.class, server.commands().exchange(again.listenAddress(), new StatusRequest()));
        assertInstanceOf(Ack.class, server.commands().exchange(again.listenAddress(), new RegisterRequest("", 0)));
        assertEquals(1001, server.await(Registration.class, WAIT).signer());
        assertEquals(1, server.enrollments().size());

        // an endorsement by a key the agent does not trust is worthless, an expired one by a trusted key too
        KeyPair stranger = Ed25519.generate();
        KeyPair forgedKey = Ed25519.generate();
        SigningIdentity forged = new SigningIdentity(9, forgedKey.getPrivate(),
                Endorsement.create(99, stranger.getPrivate(), 9, forgedKey.getPublic(), now + 3_600_000));
        RemoteErrorException unknownEndorser = assertThrows(RemoteErrorException.class, () -> client(SecurityContext
                .forIdentities().withIdentity(forged, null)).exchange(again.listenAddress(), new StatusRequest()));
        assertEquals(ErrorCode.IDENTITY_REFUSED, unknownEndorser.code());
        server.rotate(10, Ed25519.generate(), now - 1000);
        RemoteErrorException expired = assertThrows(RemoteErrorException.class,
                () -> server.commands().exchange(again.listenAddress(), new StatusRequest()));
        assertEquals(ErrorCode.IDENTITY_REFUSED, expired.code());
        assertEquals(Set.of(7L, 8L), again.identity().serverKeys().keySet());
        assertEquals(Set.of(7L, 8L), IdentityFile.read(file).serverKeys().keySet());
    }

    @Test
    void aReturningProxyWithAnIdentityClaimsItsRoleWithoutProbing() throws Exception {
        EnrollingServer server = keep(new EnrollingServer(TOKEN));
        Path file = dir.resolve("agent-identity");
        start(enrolling(6, 10, server, file, TOKEN).build()).close();

        RoleMemory memory = RoleMemory.inMemory(WireRole.PRIMARY);
        try (LogCapture logs = new LogCapture()) {
            RunningAgent primary = start(enrolling(6, 10, server, file, null).roleMemory(memory).build());
            Frame frame = server.await(Registration.class, WAIT);
            Registration registration = (Registration) frame.message();
            assertEquals(1001, frame.signer());
            assertEquals(WireRole.PRIMARY, registration.previousRole());
            assertEquals(WireRole.PRIMARY, registration.requestedRole(), "the server arbitrates");
            assertEquals(WireRole.PRIMARY, primary.startup().get(5, TimeUnit.SECONDS));
            assertEquals(1, logs.linesContaining("Returning as former PRIMARY: up as ALTERNATE, registering as PRIMARY"
                    + " without PRIMARY PROBE").size());
            assertEquals(1, logs.linesContaining("No PRIMARY PROBE with an identity").size());
            // its probe port is not taken: it neither sends nor answers probes
            new DatagramSocket(new InetSocketAddress(ip(6, 10).toInetAddress(), PROBE_PORT)).close();
        }

        RunningAgent alternate = start(enrolling(6, 11, server, dir.resolve("alternate"), TOKEN)
                .roleMemory(RoleMemory.inMemory(WireRole.ALTERNATE)).build());
        Registration back = (Registration) server.await(Registration.class, WAIT).message();
        assertEquals(WireRole.ALTERNATE, back.previousRole());
        assertEquals(WireRole.ALTERNATE, back.requestedRole());
        assertEquals(WireRole.ALTERNATE, alternate.startup().get(5, TimeUnit.SECONDS));
    }

    @Test
    @Timeout(60)
    void theProgramEnrollsWithATokenFileAndSaysGoingDownAsItself() throws Exception {
        EnrollingServer server = keep(new EnrollingServer(TOKEN));
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path state = dir.resolve("state");
        int port = freePort(ip(8, 10));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), AgentMain.class.getName(), "--server", server.label(), "--listen",
                "127.35.8.10:" + port, "--name", "PC-PROCESS-ID", "--mac", "02:00:7f:23:08:0a", "--state-dir",
                state.toString(), "--enroll-token-file", tokenFile.toString()).redirectErrorStream(true).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.contains("Agent ready")) {
                seen.append(line).append('\n');
            }
            assertTrue(line != null, "agent never became ready:\n" + seen);
            assertTrue(seen.toString().contains("Enrolled with " + server.label() + " as agent 1001; identity kept in "
                    + state.resolve("agent-identity")), seen.toString());
            assertFalse(process.info().commandLine().orElse("").contains("s3cret"), "the secret stays out of the process list");

            InetSocketAddress agent = new InetSocketAddress(ip(8, 10).toInetAddress(), port);
            assertInstanceOf(Ack.class, server.commands().exchange(agent, new RegisterRequest("", 0)));
            assertEquals(1001, server.await(Registration.class, WAIT).signer());
            // the server has the registration; the agent takes its role from the answer a moment later, and only a
            // Primary or Alternate says GOING DOWN: stop it once it says it is Primary (a stop before is a MEMBER's)
            while ((line = out.readLine()) != null && !line.contains("-> PRIMARY")) {
                seen.append(line).append('\n');
            }
            assertTrue(line != null, "the agent never took the Primary role:\n" + seen);
            process.destroy();   // SIGTERM: GOING DOWN, signed as the agent
            Frame goingDown = server.await(org.reveille.protocol.GoingDown.class, WAIT);
            assertEquals(1001, goingDown.signer());
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
        assertEquals(1, server.enrollments().size());
        assertEquals(1001, IdentityFile.read(state.resolve("agent-identity")).agentId());
    }

    @Test
    void theProgramTriesAgainUntilAServerAnswersTheEnrollment() throws Exception {
        int serverPort = freePort(Ipv4Address.parse("127.0.0.1"));
        Path file = dir.resolve("agent-identity");
        AgentConfig config = AgentConfig.builder("PC-EARLY-BOOT", ip(7, 10), MASK, mac(7, 10)).listenPort(0)
                .server("127.0.0.1", serverPort).heartbeatInterval(Duration.ofMillis(300)).identityFile(file)
                .enrollmentToken(EnrollmentSecret.parse(TOKEN)).build();
        try (LogCapture logs = new LogCapture()) {
            CompletableFuture<RunningAgent> started = CompletableFuture.supplyAsync(() -> {
                try {
                    return AgentMain.startOrEnroll(config, platform);
                } catch (IOException | InterruptedException e) {
                    throw new CompletionException(e);
                }
            });
            List<String> failed = logs.awaitLines("Enrollment failed, no server answered it", 3000);
            assertFalse(failed.isEmpty());
            assertTrue(failed.get(0).endsWith("; trying again in 300 ms"), failed.get(0));
            assertFalse(started.isDone());
            assertFalse(Files.exists(file));

            EnrollingServer server = keep(new EnrollingServer(new InetSocketAddress("127.0.0.1", serverPort), TOKEN));
            RunningAgent agent = keep(started.get(5, TimeUnit.SECONDS));
            assertEquals(1001, agent.identity().agentId());
            assertEquals(1, server.enrollments().size());
            assertTrue(Files.exists(file));
        }
    }
}
