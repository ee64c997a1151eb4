package org.reveille.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reveille.net.Ipv4Address;

/**
 * A held connection's heartbeats answered on the selector thread ({@link HoldPolicy.QuickAnswer}), on 127.0.0.0/8
 * with a shared key, so that a frame decoded twice would be refused as a replay: the quick answer replaces the
 * worker and the handler, a declined or failed quick answer hands the once-decoded frame to the handler, a forged
 * frame is refused and closed without reaching either, and pipelined heartbeats are each answered in order.
 */
class FrameServerQuickAnswerTest {

    private static final Ipv4Address AGENT = Ipv4Address.parse("127.0.6.10");

    private final FrameCodec codec = new FrameCodec(SecurityContext.withKey(key("quick-answer-key-0123")));
    private final AtomicInteger handled = new AtomicInteger();
    private final AtomicInteger quick = new AtomicInteger();
    private final Set<Thread> quickThreads = ConcurrentHashMap.newKeySet();
    /** What the quick answer does: "ack", "decline" (null) or "fail" (throws). */
    private final AtomicReference<String> mode = new AtomicReference<>("ack");
    private ListenerRuntime runtime;
    private FrameServer listener;

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private void start() throws IOException {
        start(Duration.ZERO);
    }

    private void start(Duration gather) throws IOException {
        runtime = ListenerRuntime.create("quick", 2, ListenerLimits.defaults(), null, gather);
        HoldPolicy hold = HoldPolicy.heartbeats(Duration.ofSeconds(30), 64).answeringHeartbeats((frame, peer) -> {
            quick.incrementAndGet();
            quickThreads.add(Thread.currentThread());
            return switch (mode.get()) {
                case "decline" -> null;
                case "fail" -> throw new IllegalStateException("simulated failure of the quick answer");
                default -> new Ack(1, 0, "");
            };
        });
        listener = FrameServer.start(new InetSocketAddress("127.0.0.1", 0), codec, null,
                EnumSet.of(MessageType.Channel.AGENT_TO_SERVER), (frame, peer) -> {
                    handled.incrementAndGet();
                    return new Ack(1, 0, "");
                }, runtime, ListenerLimits.defaults(), hold, ListenerLog.system());
    }

    @AfterEach
    void stop() throws IOException {
        if (listener != null) {
            listener.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    private ProtocolConnection connect() throws IOException {
        return new ProtocolClient(codec, null, Duration.ofSeconds(2), Duration.ofSeconds(5)).bindingTo(AGENT)
                .connect(listener.localAddress());
    }

    /** A raw socket from the agent's address, to write forged or pipelined bytes. */
    private java.net.Socket raw() throws IOException {
        java.net.Socket socket = new java.net.Socket();
        socket.bind(new InetSocketAddress(AGENT.toString(), 0));
        socket.connect(listener.localAddress(), 2000);
        socket.setSoTimeout(5000);
        return socket;
    }

    private Message exchange(java.net.Socket socket, Message message) throws IOException {
        socket.getOutputStream().write(codec.encode(message));
        return codec.read(socket.getInputStream()).message();
    }

    private static GoingDown goingDown() {
        return new GoingDown("PC-QUICK", AGENT, WireRole.PRIMARY, "test");
    }

    private static Heartbeat heartbeatFrom(String address) {
        return new Heartbeat("PC-" + address, Ipv4Address.parse(address), WireRole.PRIMARY, 1_000, 0);
    }

    private static Heartbeat heartbeat() {
        return new Heartbeat("PC-QUICK", AGENT, WireRole.PRIMARY, 1_000, 0);
    }

    @Test
    void aHeldConnectionsHeartbeatsAreAnsweredWithoutTheHandler() throws Exception {
        start();
        try (ProtocolConnection agent = connect()) {
            assertEquals(new Ack(1, 0, ""), agent.request(heartbeat()), "the first heartbeat: not held yet");
            assertEquals(1, handled.get());
            assertEquals(0, quick.get());
            for (int i = 0; i < 5; i++) {
                assertEquals(new Ack(1, 0, ""), agent.request(heartbeat()));
            }
            assertEquals(1, handled.get(), "the held connection's heartbeats never reached the handler");
            assertEquals(5, quick.get());
            assertEquals(1, quickThreads.size(), "all answered by the one selector thread");
            assertEquals(1, listener.heldConnections());
            // any other message on the held connection still goes to the handler
            assertEquals(new Ack(1, 0, ""), agent.request(goingDown()));
            assertEquals(2, handled.get());
        }
    }

    @Test
    void aDeclinedOrFailedQuickAnswerGoesToTheHandlerWithTheFrameDecodedOnce() throws Exception {
        start();
        try (ProtocolConnection agent = connect()) {
            agent.request(heartbeat());
            mode.set("decline");
            // decoded twice, the signed frame's nonce would be refused as REPLAYED
            assertEquals(new Ack(1, 0, ""), agent.request(heartbeat()));
            mode.set("fail");
            assertEquals(new Ack(1, 0, ""), agent.request(heartbeat()));
            assertEquals(3, handled.get());
            assertEquals(2, quick.get());
            mode.set("ack");
            assertEquals(new Ack(1, 0, ""), agent.request(heartbeat()));
            assertEquals(3, handled.get(), "still held");
        }
    }

    @Test
    void aForgedFrameOnAHeldConnectionIsRefusedAndClosed() throws Exception {
        start();
        FrameCodec forger = new FrameCodec(SecurityContext.withKey(key("another-key-entirely-9")));
        try (java.net.Socket agent = raw()) {
            exchange(agent, heartbeat());
            exchange(agent, heartbeat());
            int quickBefore = quick.get();
            agent.getOutputStream().write(forger.encode(heartbeat()));
            ErrorReply error = assertInstanceOf(ErrorReply.class, codec.read(agent.getInputStream()).message());
            assertEquals(ErrorCode.BAD_SIGNATURE, error.code());
            assertNull(codec.read(agent.getInputStream()), "closed after the ERROR");
            assertEquals(quickBefore, quick.get(), "the forged heartbeat reached no answer");
            assertEquals(1, handled.get());
        }
    }

    @Test
    void pipelinedHeartbeatsAreEachAnsweredInOrder() throws Exception {
        start();
        try (java.net.Socket agent = raw()) {
            exchange(agent, heartbeat());
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 0; i < 20; i++) {
                burst.write(codec.encode(heartbeat()));
            }
            burst.write(codec.encode(goingDown()));
            agent.getOutputStream().write(burst.toByteArray());
            for (int i = 0; i < 21; i++) {
                assertEquals(new Ack(1, 0, ""), codec.read(agent.getInputStream()).message(), "reply " + i);
            }
            assertEquals(20, quick.get());
            assertEquals(2, handled.get(), "the first heartbeat and the GOING DOWN");
            assertEquals(1, quickThreads.size());
        }
    }

    @Test
    void withAGatheringPauseEveryAgentIsAnsweredWithinThePause() throws Exception {
        start(Duration.ofMillis(30));
        int agents = 40;
        List<ProtocolConnection> connections = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < agents; i++) {
                ProtocolConnection c = new ProtocolClient(codec, null, Duration.ofSeconds(2), Duration.ofSeconds(5))
                        .bindingTo(Ipv4Address.parse("127.0.7." + (10 + i))).connect(listener.localAddress());
                connections.add(c);
                assertEquals(new Ack(1, 0, ""), c.request(heartbeatFrom("127.0.7." + (10 + i))));
            }
            // all at once, as thousands of agents' heartbeats arrive: answered by the selector in gathered rounds
            java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(agents);
            try {
                List<java.util.concurrent.Future<Long>> replies = new java.util.ArrayList<>();
                for (int i = 0; i < agents; i++) {
                    ProtocolConnection c = connections.get(i);
                    String from = "127.0.7." + (10 + i);
                    replies.add(senders.submit(() -> {
                        long t = System.nanoTime();
                        assertEquals(new Ack(1, 0, ""), c.request(heartbeatFrom(from)));
                        return (System.nanoTime() - t) / 1_000_000;
                    }));
                }
                long slowest = 0;
                for (java.util.concurrent.Future<Long> reply : replies) {
                    slowest = Math.max(slowest, reply.get(10, java.util.concurrent.TimeUnit.SECONDS));
                }
                assertEquals(agents, quick.get(), "every second heartbeat answered on the selector thread");
                assertEquals(agents, handled.get(), "only the first ones went to the handler");
                assertTrue(slowest < 2_000, "answered within a few pauses, not stalled: " + slowest + " ms");
            } finally {
                senders.shutdownNow();
            }
        } finally {
            for (ProtocolConnection c : connections) {
                c.close();
            }
        }
    }

    @Test
    void theGatheringPauseIsBounded() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SelectorLoop.start(ListenerRuntime.daemonThreads("x"), Duration.ofMillis(101)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SelectorLoop.start(ListenerRuntime.daemonThreads("x"), Duration.ofMillis(-1)));
    }

    @Test
    void ordinaryConnectionsDoNotWaitForTheGatheringPause() throws Exception {
        start(Duration.ofMillis(100));
        long t = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            // a new connection each: accepted, read, handed to a worker and back; with the pause after each of
            // those rounds an exchange would take 200 ms or more
            try (ProtocolConnection c = new ProtocolClient(codec, null, Duration.ofSeconds(2), Duration.ofSeconds(5))
                    .bindingTo(Ipv4Address.parse("127.0.8." + (10 + i))).connect(listener.localAddress())) {
                assertEquals(new Ack(1, 0, ""), c.request(goingDown()));
            }
        }
        long millis = (System.nanoTime() - t) / 1_000_000;
        assertTrue(millis < 800, "5 exchanges on ordinary connections in " + millis + " ms, not 5 x 200 ms or more");
        assertEquals(5, handled.get());
    }
}
