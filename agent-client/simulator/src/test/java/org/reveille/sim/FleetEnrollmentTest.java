package org.reveille.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reveille.agent.EnrollingServer;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.Ack;
import org.reveille.protocol.BatchTarget;
import org.reveille.protocol.ErrorCode;
import org.reveille.protocol.Frame;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.RegisterRequest;
import org.reveille.protocol.Registration;
import org.reveille.protocol.RemoteErrorException;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.SigningIdentity;
import org.reveille.protocol.WakeBatch;

/**
 * An enrolled fleet (docs/security.md, "Agent identity") in 127.39.0.0/24: every simulated agent enrolls with the
 * fleet's token, keeps its identity across a restart, and a test can hold an agent's identity to play a rogue PC.
 */
class FleetEnrollmentTest {

    private static final String TOKEN = "fleet.s3cret-of-the-fleet";
    private static final Ipv4Address FIRST = Ipv4Address.parse("127.39.0.10");
    private static final Ipv4Address SECOND = Ipv4Address.parse("127.39.0.11");

    @TempDir
    Path dir;

    private static FleetConfig.Builder fleet(EnrollingServer server) throws java.io.IOException {
        return FleetConfig.builder().subnets(1).firstSubnet(Ipv4Address.parse("127.39.0.0")).agentsPerSubnet(2)
                .deadHostsPerSubnet(0).sleepingPerSubnet(1).agentPort(25830).probePort(25831).wolPort(25832)
                .server("127.0.0.1", server.port()).enrollmentToken(TOKEN);
    }

    @Test
    void everyAgentEnrollsKeepsItsIdentityAndCanBeImpersonatedOnlyByItsOwnIdentity() throws Exception {
        Path identities;
        try (EnrollingServer server = new EnrollingServer(TOKEN);
                FleetSimulator fleet = FleetSimulator.start(fleet(server).build())) {
            assertEquals(2, server.enrollments().size());
            identities = fleet.identityDirectory();
            assertTrue(Files.isRegularFile(identities.resolve("agent-identity-127.39.0.10")));
            SigningIdentity first = fleet.identityOf(FIRST);
            SigningIdentity second = fleet.identityOf(SECOND);
            assertEquals(Set.of(1001L, 1002L), Set.of(first.signer(), second.signer()));
            assertEquals(Set.of(EnrollingServer.FIRST_KEY_ID), fleet.agentIdentityOf(FIRST).serverKeys().keySet());

            // the server's command is obeyed; the agent registers as itself
            InetSocketAddress firstAgent = new InetSocketAddress(FIRST.toInetAddress(), 25830);
            assertInstanceOf(Ack.class, server.commands().exchange(firstAgent, new RegisterRequest("", 0)));
            Frame registration = server.await(Registration.class, Duration.ofSeconds(5));
            assertEquals(first.signer(), registration.signer());

            // a rogue PC holding the second agent's valid identity cannot command the first
            ProtocolClient rogue = new ProtocolClient(new FrameCodec(SecurityContext.forIdentities().withIdentity(second, null)),
                    null, Duration.ofSeconds(2), Duration.ofSeconds(5));
            RemoteErrorException refused = assertThrows(RemoteErrorException.class, () -> rogue.exchange(firstAgent,
                    new WakeBatch("rogue", 0, 1, List.of(BatchTarget.of(fleet.machines(SimulatedMachine.Kind.SLEEPING).get(0).mac())))));
            assertEquals(ErrorCode.IDENTITY_REFUSED, refused.code());
            Thread.sleep(200);
            assertEquals(0, fleet.subnets().get(0).segment().packets(), "nothing woken");

            // killed and restarted, an agent keeps its identity: no second enrollment
            fleet.kill(FIRST);
            assertEquals(first.signer(), fleet.identityOf(FIRST).signer(), "read from its file while it is down");
            fleet.restart(FIRST);
            assertEquals(first.signer(), fleet.identityOf(FIRST).signer());
            assertEquals(2, server.enrollments().size());
        }
        assertFalse(Files.exists(identities), "the fleet's temporary identity directory is gone");
    }

    @Test
    void aStateDirectoryKeepsTheIdentitiesForTheNextFleet() throws Exception {
        try (EnrollingServer server = new EnrollingServer(TOKEN)) {
            long first;
            try (FleetSimulator fleet = FleetSimulator.start(fleet(server).stateDirectory(dir).build())) {
                first = fleet.identityOf(FIRST).signer();
            }
            assertTrue(Files.isRegularFile(dir.resolve("agent-identity-127.39.0.10")), "kept after close");
            try (FleetSimulator again = FleetSimulator.start(fleet(server).stateDirectory(dir).build())) {
                assertEquals(first, again.identityOf(FIRST).signer());
            }
            assertEquals(2, server.enrollments().size());
        }
        assertThrows(IllegalArgumentException.class, () -> FleetConfig.builder().enrollmentToken("no-dot"));
        // the simulator program: the token from a file, the identities in a directory
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        FleetConfig fromCommandLine = FleetSimulatorMain.config(java.util.Map.of("--enroll-token-file", tokenFile.toString(),
                "--state-dir", dir.toString()));
        assertEquals("fleet", fromCommandLine.enrollmentToken.tokenId());
        assertEquals(dir, fromCommandLine.stateDirectory);
        assertTrue(FleetSimulatorMain.USAGE.contains("--enroll-token-file FILE"));
    }
}
