package org.reveille.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
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
 * The agent keeps one connection for its heartbeats (docs/protocol.md, "Held connections"): every heartbeat of a
 * Primary travels on it while the server holds it; after a server restart the next heartbeat opens one new
 * connection; when the agent becomes a MEMBER it closes the connection, and the server's held pool empties.
 */
class HeartbeatConnectionTest {

    private static final Ipv4Address AGENT = Ipv4Address.parse("127.0.38.10");

    private final FrameCodec codec = new FrameCodec(SecurityContext.plain());
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final MessageHandler server = (frame, peer) -> {
        if (frame.message() instanceof Registration) {
            return new RoleChange(WireRole.PRIMARY, "test server");
        }
        if (frame.message() instanceof Heartbeat) {
            heartbeats.incrementAndGet();
        }
        return new Ack(1, 0, "");
    };

    private FrameServer serverListener(ListenerRuntime runtime, InetSocketAddress at) throws IOException {
        // idle timeout 500 ms, shorter than the 700 ms heartbeat: only the hold keeps the connection open
        ListenerLimits limits = runtime.limits();
        return FrameServer.start(at, codec, null, EnumSet.of(MessageType.Channel.AGENT_TO_SERVER), server, runtime, limits,
                HoldPolicy.heartbeats(Duration.ofSeconds(10), 100), ListenerLog.system());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 10 s: " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void heartbeatsShareOneConnectionUntilTheServerRestartsOrTheAgentIsAMember() throws Exception {
        ListenerLimits limits = ListenerLimits.defaults().withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500),
                Duration.ofMillis(500));
        try (ListenerRuntime runtime = ListenerRuntime.create("test-server", 2, limits, null);
                AgentPlatform platform = AgentPlatform.forOneAgent()) {
            FrameServer listener = serverListener(runtime, new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress address = listener.localAddress();
            AgentConfig config = AgentConfig.builder("PC-HEARTBEAT", AGENT, Ipv4Address.parse("255.255.255.0"),
                            MacAddress.parse("02:00:7f:00:26:0a"))
                    .listenPort(0).server("127.0.0.1", address.getPort()).probePort(25788)
                    .heartbeatInterval(Duration.ofMillis(700)).build();
            try (RunningAgent agent = RunningAgent.start(config, platform)) {
                ProtocolClient serverSide = new ProtocolClient(codec, null, Duration.ofSeconds(2), Duration.ofSeconds(5));
                assertInstanceOf(Ack.class, serverSide.exchange(agent.listenAddress(), new RegisterRequest("", 0)));
                await(() -> agent.role() == WireRole.PRIMARY, "registered as PRIMARY");
                await(() -> heartbeats.get() >= 4, "four heartbeats");
                assertEquals(1, agent.heartbeatConnectionsOpened(), "four heartbeats, one connection");
                assertEquals(1, listener.heldConnections());

                listener.close();   // the server restarts
                listener = serverListener(runtime, address);
                int before = heartbeats.get();
                await(() -> heartbeats.get() >= before + 3, "heartbeats reach the restarted server");
                assertEquals(2, agent.heartbeatConnectionsOpened(), "one new connection after the restart");
                FrameServer restarted = listener;
                await(() -> restarted.heldConnections() == 1, "held by the restarted server");

                assertInstanceOf(Ack.class, serverSide.exchange(agent.listenAddress(),
                        new RoleChange(WireRole.MEMBER, "test: no longer a proxy")));
                assertFalse(agent.heartbeatConnectionOpen(), "a MEMBER does not keep a heartbeat connection");
                await(() -> restarted.heldConnections() == 0, "the server's held pool empties");
                int atMember = heartbeats.get();
                Thread.sleep(1500);
                assertEquals(atMember, heartbeats.get(), "a MEMBER does not heartbeat");
            } finally {
                listener.close();
            }
        }
    }
}
