package org.reveille.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.ListenerLog.Refusal;

/**
 * Held connections (docs/protocol.md, "Held connections"), on 127.0.0.0/8 only: a connection that completed an
 * acknowledged HEARTBEAT outlives the idle timeout and is closed after the hold timeout; anything else keeps the
 * listener's deadlines and caps; the held pool has its own cap and does not count against the ordinary ones; a
 * {@link KeptConnection} reconnects once when its connection was closed, and never tries a third time.
 */
class FrameServerHoldTest {

    private static final Ipv4Address AGENT = Ipv4Address.parse("127.0.3.10");

    private final FrameCodec codec = new FrameCodec(SecurityContext.plain());
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final AtomicBoolean registered = new AtomicBoolean(true);
    private final List<Socket> sockets = new ArrayList<>();
    private final List<KeptConnection> kept = new ArrayList<>();
    private ListenerRuntime runtime;
    private FrameServer listener;

    /** Idle timeout 400 ms, frame deadlines 300 ms; held connections wait up to {@code hold}, at most {@code maxHeld}. */
    private void start(Duration hold, int maxHeld, ListenerLimits base) throws IOException {
        ListenerLimits limits = base.withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(400));
        runtime = ListenerRuntime.create("hold", 2, limits, null);
        listener = FrameServer.start(new InetSocketAddress("127.0.0.1", 0), codec, null,
                EnumSet.of(MessageType.Channel.AGENT_TO_SERVER), (frame, peer) -> {
                    if (frame.message() instanceof Heartbeat) {
                        heartbeats.incrementAndGet();
                        return new Ack(1, 0, registered.get() ? "" : "not registered");
                    }
                    return Ack.of("other");
                }, runtime, limits, HoldPolicy.heartbeats(hold, maxHeld), ListenerLog.system());
    }

    @AfterEach
    void stop() throws IOException {
        kept.forEach(KeptConnection::close);
        for (Socket socket : sockets) {
            socket.close();
        }
        if (listener != null) {
            listener.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    private KeptConnection kept(String from) {
        KeptConnection connection = new KeptConnection(
                new ProtocolClient(codec, null, Duration.ofSeconds(2), Duration.ofSeconds(2)).bindingTo(Ipv4Address.parse(from)));
        kept.add(connection);
        return connection;
    }

    private static Heartbeat heartbeat(String from) {
        return new Heartbeat("PC-" + from, Ipv4Address.parse(from), WireRole.PRIMARY, 1_000, 0);
    }

    private Message beat(KeptConnection connection, String from) throws IOException {
        return connection.request(listener.localAddress(), heartbeat(from));
    }

    private Socket idle(String from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(listener.localAddress(), 2000);
        socket.setSoTimeout(5000);
        sockets.add(socket);
        return socket;
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 5 s: " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void aHeartbeatConnectionIsKeptPastTheIdleTimeoutAndClosedAfterTheHoldTimeout() throws Exception {
        start(Duration.ofMillis(1500), 10, ListenerLimits.defaults());
        KeptConnection agent = kept("127.0.3.10");
        for (int i = 0; i < 3; i++) {
            assertEquals(new Ack(1, 0, ""), beat(agent, "127.0.3.10"));
            Thread.sleep(700);   // longer than the 400 ms idle timeout, shorter than the 1.5 s hold
        }
        assertEquals(1, agent.connectionsOpened(), "three heartbeats on one connection");
        assertEquals(1, listener.heldConnections());
        assertEquals(3, heartbeats.get());

        // a raw connection, to see when the listener closes it
        try (ProtocolConnection raw = new ProtocolClient(codec, null, Duration.ofSeconds(2), Duration.ofSeconds(5))
                .bindingTo(Ipv4Address.parse("127.0.3.11")).connect(listener.localAddress())) {
            assertEquals(new Ack(1, 0, ""), raw.request(heartbeat("127.0.3.11")));
            long t = System.nanoTime();
            assertEquals(null, raw.receive(), "closed once it waited the hold timeout");
            long waited = (System.nanoTime() - t) / 1_000_000;
            assertTrue(waited >= 1300 && waited < 3000, "after the 1.5 s hold, not the 0.4 s idle timeout: " + waited + " ms");
        }
        await(() -> listener.heldConnections() == 0, "both held connections closed after the hold timeout");
        // the kept connection was closed by the listener: the next heartbeat reconnects once and is answered
        assertEquals(new Ack(1, 0, ""), beat(agent, "127.0.3.10"));
        assertEquals(2, agent.connectionsOpened());
    }

    @Test
    void anUnregisteredAgentOrAnIdlePeerIsNotHeld() throws Exception {
        start(Duration.ofSeconds(30), 10, ListenerLimits.defaults());
        registered.set(false);
        try (ProtocolConnection raw = new ProtocolClient(codec, null, Duration.ofSeconds(2), Duration.ofSeconds(5))
                .bindingTo(AGENT).connect(listener.localAddress())) {
            assertEquals(new Ack(1, 0, "not registered"), raw.request(heartbeat("127.0.3.10")));
            long t = System.nanoTime();
            assertEquals(null, raw.receive(), "an ordinary connection: closed after the idle timeout");
            assertTrue((System.nanoTime() - t) / 1_000_000 < 2000);
        }
        Socket silent = idle("127.0.3.12");
        assertEquals(-1, silent.getInputStream().read(), "a silent connection still meets the first-frame deadline");
        assertEquals(0, listener.heldConnections());
        assertEquals(1, listener.refusals(Refusal.FRAME_DEADLINE));
    }

    @Test
    void theHeldPoolHasItsOwnCapAndLeavesTheOrdinaryCapsToOthers() throws Exception {
        // ordinary: 6 connections, 2 per address, 2 reserved; held: at most 4
        start(Duration.ofSeconds(30), 4, ListenerLimits.defaults().withConnections(6, 2, 2));
        List<KeptConnection> agents = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            KeptConnection agent = kept("127.0.4.1");   // four agents behind one address (NAT): above its 2
            assertEquals(new Ack(1, 0, ""), beat(agent, "127.0.4.1"));
            agents.add(agent);
        }
        await(() -> listener.heldConnections() == 4, "four held");
        // the fifth is answered but not held: the pool is full, so it is an ordinary connection with the idle timeout
        try (ProtocolConnection fifth = new ProtocolClient(codec, null, Duration.ofSeconds(2), Duration.ofSeconds(5))
                .bindingTo(Ipv4Address.parse("127.0.4.2")).connect(listener.localAddress())) {
            assertEquals(new Ack(1, 0, ""), fifth.request(heartbeat("127.0.4.2")));
            assertEquals(null, fifth.receive(), "closed after the idle timeout");
        }
        // a flood of idle connections from one address: the held ones count neither per address nor in total
        for (int i = 0; i < 2; i++) {
            idle("127.0.4.1");
        }
        Socket third = idle("127.0.4.1");
        assertEquals(ErrorCode.BUSY, ((ErrorReply) codec.read(third.getInputStream()).message()).code(),
                "the per-address cap still holds for ordinary connections");
        for (int i = 0; i < 10; i++) {
            idle("127.0.5." + (1 + i));
        }
        Thread.sleep(200);
        assertTrue(listener.refusals(Refusal.EVICTED) >= 1, "fresh idle connections evict each other");
        assertEquals(4, listener.heldConnections(), "never a held one");
        for (KeptConnection agent : agents) {
            assertEquals(new Ack(1, 0, ""), beat(agent, "127.0.4.1"));
            assertEquals(1, agent.connectionsOpened(), "still on its first connection");
        }
    }

    @Test
    void aClosedKeptConnectionIsReplacedOnceAndNeverASecondTime() throws Exception {
        start(Duration.ofSeconds(30), 10, ListenerLimits.defaults());
        InetSocketAddress address = listener.localAddress();
        KeptConnection agent = kept("127.0.3.10");
        assertEquals(new Ack(1, 0, ""), agent.request(address, heartbeat("127.0.3.10")));
        listener.close();
        await(() -> listener.openConnections() == 0, "the stopped listener closed its held connection");
        // in its place, a port that accepts connections and closes them at once without reading
        AtomicInteger accepted = new AtomicInteger();
        try (java.net.ServerSocket closer = new java.net.ServerSocket()) {
            closer.setReuseAddress(true);
            closer.bind(address);
            Thread acceptor = new Thread(() -> {
                while (!closer.isClosed()) {
                    try (Socket s = closer.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            IOException failure = assertThrows(IOException.class, () -> agent.request(address, heartbeat("127.0.3.10")));
            Thread.sleep(300);
            assertEquals(1, accepted.get(), "the closed kept connection, then ONE new connection: " + failure);
            assertEquals(2, agent.connectionsOpened());
            assertTrue(!agent.isOpen());
        }
    }

    @Test
    void aListenerRestartCostsOneNewConnection() throws Exception {
        start(Duration.ofSeconds(30), 10, ListenerLimits.defaults());
        InetSocketAddress address = listener.localAddress();
        KeptConnection agent = kept("127.0.3.10");
        assertEquals(new Ack(1, 0, ""), agent.request(address, heartbeat("127.0.3.10")));
        listener.close();
        await(() -> listener.openConnections() == 0, "the stopped listener closed its held connection");
        listener = FrameServer.start(address, codec, null, EnumSet.of(MessageType.Channel.AGENT_TO_SERVER),
                (frame, peer) -> new Ack(1, 0, ""), runtime, runtime.limits(), HoldPolicy.heartbeats(Duration.ofSeconds(30), 10),
                ListenerLog.system());
        assertEquals(new Ack(1, 0, ""), agent.request(address, heartbeat("127.0.3.10")));
        assertEquals(2, agent.connectionsOpened());
        await(() -> listener.heldConnections() == 1, "held by the new listener");
    }

    @Test
    void aTimeoutIsNotRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ListenerLimits limits = ListenerLimits.defaults();
        runtime = ListenerRuntime.create("hold", 2, limits, null);
        listener = FrameServer.start(new InetSocketAddress("127.0.0.1", 0), codec, null,
                EnumSet.of(MessageType.Channel.AGENT_TO_SERVER), (frame, peer) -> {
                    if (calls.incrementAndGet() > 1) {
                        Thread.sleep(1500);
                    }
                    return new Ack(1, 0, "");
                }, runtime, limits, HoldPolicy.heartbeats(Duration.ofSeconds(30), 10), ListenerLog.system());
        KeptConnection agent = new KeptConnection(new ProtocolClient(codec, null, Duration.ofSeconds(2),
                Duration.ofMillis(500)).bindingTo(AGENT));
        kept.add(agent);
        beat(agent, "127.0.3.10");
        assertThrows(SocketTimeoutException.class, () -> beat(agent, "127.0.3.10"));
        Thread.sleep(1200);
        assertEquals(2, calls.get(), "the heartbeat that timed out was not sent again");
        assertEquals(1, agent.connectionsOpened());
    }

    @Test
    void holdPolicyFromTheOpenFilesLimit() {
        ListenerLimits limits = ListenerLimits.defaults();
        assertEquals(20_000 - 2_048 - 2_048, HoldPolicy.fromOpenFilesLimit(20_000, limits, 2_048));
        assertEquals(0, HoldPolicy.fromOpenFilesLimit(1_024, limits, 2_048));
        assertThrows(IllegalArgumentException.class, () -> HoldPolicy.heartbeats(Duration.ZERO, 1));
    }
}
