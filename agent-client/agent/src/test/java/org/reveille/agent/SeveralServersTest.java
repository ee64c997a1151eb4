package org.reveille.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.Ack;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.FrameServer;
import org.reveille.protocol.Heartbeat;
import org.reveille.protocol.HoldPolicy;
import org.reveille.protocol.ListenerLimits;
import org.reveille.protocol.ListenerLog;
import org.reveille.protocol.ListenerRuntime;
import org.reveille.protocol.MessageHandler;
import org.reveille.protocol.MessageType;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.RegisterRequest;
import org.reveille.protocol.Registration;
import org.reveille.protocol.RoleChange;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.WireRole;

/**
 * An agent that knows several servers (docs/protocol.md, "Several servers"): it registers and heartbeats with the
 * first; when that one stops answering, with the next, keeping its role; it stays with the one that answers (no
 * return to the first), and after the last it tries the first again.
 */
class SeveralServersTest {

    private static final Ipv4Address AGENT = Ipv4Address.parse("127.0.39.10");

    private final FrameCodec codec = new FrameCodec(SecurityContext.plain());

    /** A server that counts what reaches it. */
    private final class CountingServer implements MessageHandler {
        final AtomicInteger registrations = new AtomicInteger();
        final AtomicInteger heartbeats = new AtomicInteger();

        @Override
        public org.reveille.protocol.Message handle(org.reveille.protocol.Frame frame, InetSocketAddress peer) {
            if (frame.message() instanceof Registration) {
                registrations.incrementAndGet();
                return new RoleChange(WireRole.PRIMARY, "test server");
            }
            if (frame.message() instanceof Heartbeat) {
                heartbeats.incrementAndGet();
            }
            return new Ack(1, 0, "");
        }

        FrameServer listen(ListenerRuntime runtime, InetSocketAddress at) throws IOException {
            return FrameServer.start(at, codec, null, EnumSet.of(MessageType.Channel.AGENT_TO_SERVER), this, runtime,
                    runtime.limits(), HoldPolicy.heartbeats(Duration.ofSeconds(10), 100), ListenerLog.system());
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 15 s: " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void theAgentMovesToTheNextServerWhenOneStopsAnsweringAndKeepsItsRole() throws Exception {
        CountingServer first = new CountingServer();
        CountingServer second = new CountingServer();
        try (ListenerRuntime runtime = ListenerRuntime.create("test-servers", 2, ListenerLimits.defaults(), null);
                AgentPlatform platform = AgentPlatform.forOneAgent()) {
            FrameServer a = first.listen(runtime, new InetSocketAddress("127.0.0.1", 0));
            FrameServer b = second.listen(runtime, new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress aAddress = a.localAddress();
            AgentConfig config = AgentConfig.builder("PC-SEVERAL", AGENT, Ipv4Address.parse("255.255.255.0"),
                            MacAddress.parse("02:00:7f:00:27:0a"))
                    .listenPort(0).probePort(25789).heartbeatInterval(Duration.ofMillis(300))
                    .servers(List.of(aAddress, b.localAddress())).build();
            try (RunningAgent agent = RunningAgent.start(config, platform)) {
                ProtocolClient serverSide = new ProtocolClient(codec, null, Duration.ofSeconds(2), Duration.ofSeconds(5));
                assertInstanceOf(Ack.class, serverSide.exchange(agent.listenAddress(), new RegisterRequest("", 0)));
                await(() -> agent.role() == WireRole.PRIMARY, "registered as PRIMARY");
                await(() -> first.heartbeats.get() >= 3, "heartbeats to the first server");
                assertEquals(1, first.registrations.get());
                assertEquals(0, second.heartbeats.get() + second.registrations.get(), "nothing to the second while the first answers");

                a.close();   // the first server dies
                await(() -> second.heartbeats.get() >= 3, "heartbeats move to the second server");
                assertEquals(WireRole.PRIMARY, agent.role(), "the role is kept: the servers share it through their database");
                assertEquals(0, second.registrations.get(), "no new registration: the cluster knows the agent");

                a = first.listen(runtime, aAddress);   // the first comes back: the agent stays with the second
                int atReturn = first.heartbeats.get();
                int secondAtReturn = second.heartbeats.get();
                await(() -> second.heartbeats.get() >= secondAtReturn + 3, "more heartbeats to the second");
                assertEquals(atReturn, first.heartbeats.get(), "no return to the first while the second answers");

                b.close();   // the second dies too: after the last server, the first again
                await(() -> first.heartbeats.get() >= atReturn + 3, "heartbeats back to the first server");
                assertEquals(WireRole.PRIMARY, agent.role());
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void theListMovesOnOnlyFromTheServerThatFailedAndFollowsARegisterRequest() {
        InetSocketAddress a = InetSocketAddress.createUnresolved("a.example", 1777);
        InetSocketAddress b = InetSocketAddress.createUnresolved("b.example", 1777);
        ServerList servers = new ServerList(List.of(a, b));
        assertEquals(a, servers.current());
        assertEquals(b, servers.next(a));
        assertEquals(b, servers.next(a), "a second failure of a, reported late, does not skip b");
        assertEquals(a, servers.next(b), "after the last, the first");
        servers.moveTo(InetSocketAddress.createUnresolved("c.example", 1888));
        assertEquals("c.example:1888", ServerList.label(servers.current()));
        assertEquals(3, servers.size());
        servers.moveTo(b);
        assertEquals(b, servers.current());
        assertThrows(IllegalArgumentException.class, () -> new ServerList(List.of()));
    }
}
