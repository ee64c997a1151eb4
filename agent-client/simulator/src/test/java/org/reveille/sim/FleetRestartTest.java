package org.reveille.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.WireRole;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.GoingDown;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.Registration;
import org.reveille.protocol.RoleChange;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.AgentStatus;
import org.reveille.protocol.StatusRequest;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.BatchTarget;
import org.reveille.testing.StandInServer;

/** Design flows 4 and 5 in a simulated fleet (127.42.0.0/24 and 127.42.1.0/24) with kill and restart on command. */
class FleetRestartTest {

    private static final ProtocolClient SERVER_SIDE = new ProtocolClient(new FrameCodec(SecurityContext.plain()), null,
            Duration.ofSeconds(2), Duration.ofSeconds(5));

    @Test
    void aWokenMachineBootsAndRunsAnAgentThatCanBeRecruited() throws Exception {
        try (StandInServer server = new StandInServer(SecurityContext.plain());
                FleetSimulator fleet = FleetSimulator.start(FleetConfig.builder().subnets(1)
                        .firstSubnet(Ipv4Address.parse("127.42.5.0")).agentsPerSubnet(1).sleepingPerSubnet(2)
                        .agentPort(25800).probePort(25801).wolPort(25802).bootOnWake(Duration.ofMillis(100))
                        .server("127.0.0.1", server.port()).build())) {
            SimulatedMachine sleeper = fleet.machines(SimulatedMachine.Kind.SLEEPING).get(0);
            SimulatedMachine stillAsleep = fleet.machines(SimulatedMachine.Kind.SLEEPING).get(1);
            assertEquals(1, fleet.runningAgents());
            SERVER_SIDE.exchange(new InetSocketAddress("127.42.5.10", 25800),
                    new WakeBatch("flow-3", 0, 0, List.of(BatchTarget.of(sleeper.mac()))));
            long deadline = System.currentTimeMillis() + 5000;
            while (fleet.runningAgents() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, fleet.runningAgents(), "the woken machine came up");
            InetSocketAddress woken = new InetSocketAddress(sleeper.ip().toInetAddress(), 25800);
            AgentStatus status = (AgentStatus) SERVER_SIDE.exchange(woken, new StatusRequest());
            assertEquals(WireRole.MEMBER, status.role());
            SERVER_SIDE.exchange(woken, new RoleChange(WireRole.ALTERNATE, "first machine woken on a one-agent subnet"));
            assertEquals(WireRole.ALTERNATE, fleet.agent(sleeper.ip()).role());
            assertThrows(java.util.NoSuchElementException.class, () -> fleet.agent(stillAsleep.ip()));
        }
    }

    @Test
    void returningProxiesProbeTheirSubnetBeforeClaimingPrimary() throws Exception {
        try (StandInServer server = new StandInServer(SecurityContext.plain());
                FleetSimulator fleet = FleetSimulator.start(FleetConfig.builder().subnets(2)
                        .firstSubnet(Ipv4Address.parse("127.42.0.0")).sleepingPerSubnet(3).agentPort(25800)
                        .probePort(25801).wolPort(25802).server("127.0.0.1", server.port()).build())) {
            Ipv4Address primary = Ipv4Address.parse("127.42.0.10");
            Ipv4Address alternate = Ipv4Address.parse("127.42.0.11");
            SERVER_SIDE.exchange(new InetSocketAddress(primary.toInetAddress(), 25800),
                    new RoleChange(WireRole.PRIMARY, "first to register"));
            SERVER_SIDE.exchange(new InetSocketAddress(alternate.toInetAddress(), 25800),
                    new RoleChange(WireRole.ALTERNATE, "second to register"));

            // The Alternate loses power and comes back: the Primary answers its probe.
            fleet.kill(alternate);
            fleet.restart(alternate);
            Registration back = server.await(Registration.class, Duration.ofSeconds(5));
            assertEquals(alternate, back.address());
            assertEquals(WireRole.ALTERNATE, back.previousRole());
            assertEquals(WireRole.ALTERNATE, back.requestedRole());
            assertEquals(WireRole.ALTERNATE, fleet.agent(alternate).startup().get(5, TimeUnit.SECONDS));

            // The Primary shuts down in order (GOING DOWN) and comes back while nobody is Primary.
            fleet.shutDown(primary);
            assertEquals(WireRole.PRIMARY, server.await(GoingDown.class, Duration.ofSeconds(5)).role());
            fleet.restart(primary);
            Registration returning = server.await(Registration.class, Duration.ofSeconds(5));
            assertEquals(primary, returning.address());
            assertEquals(WireRole.PRIMARY, returning.previousRole());
            assertEquals(WireRole.PRIMARY, returning.requestedRole(), "no Primary answered the probe");
            assertEquals(WireRole.PRIMARY, fleet.agent(primary).startup().get(5, TimeUnit.SECONDS));
            assertEquals(4, fleet.runningAgents());
        }
    }
}
