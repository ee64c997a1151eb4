package org.reveille.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.ListenerLog.Refusal;

/**
 * The listener's capacity under hostile connections (issue 11, item 1), on 127.0.0.0/8 only: hundreds of idle and
 * trickling connections hold no worker and do not delay a real exchange; deadlines for the first frame, per-address
 * and total caps with a reserve for peers mid-exchange; frames arriving in many pieces or pipelined on one
 * connection; a peer that never reads its replies.
 */
class FrameServerCapacityTest {

    private static final int WORKERS = 2;

    private final FrameCodec codec = new FrameCodec(SecurityContext.plain());
    private final AtomicInteger executed = new AtomicInteger();
    private final List<Socket> held = new ArrayList<>();
    private ListenerRuntime runtime;
    private FrameServer listener;

    private FrameServer start(ListenerLimits limits, MessageHandler handler) throws IOException {
        runtime = ListenerRuntime.create("capacity", WORKERS, limits, null);
        listener = FrameServer.start(new InetSocketAddress("127.0.0.1", 0), codec, null,
                EnumSet.of(MessageType.Channel.SERVER_TO_AGENT), handler, runtime, limits, ListenerLog.system());
        return listener;
    }

    private FrameServer start(ListenerLimits limits) throws IOException {
        return start(limits, (frame, peer) -> {
            executed.incrementAndGet();
            return Ack.of(frame.message() instanceof Unregister u ? u.reason() : "ok");
        });
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : held) {
            socket.close();
        }
        if (listener != null) {
            listener.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    /** A connection from {@code from} (a 127.x address), kept open until the test ends. */
    private Socket hold(String from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(listener.localAddress(), 2000);
        socket.setSoTimeout(5000);
        held.add(socket);
        return socket;
    }

    private ProtocolClient client(String from) {
        return new ProtocolClient(codec, null, Duration.ofSeconds(2), Duration.ofSeconds(5)).bindingTo(Ipv4Address.parse(from));
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @Test
    void twoHundredFiftyIdleAndTricklingConnectionsDoNotDelayARealExchange() throws Exception {
        start(ListenerLimits.defaults());
        List<Socket> tricklers = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            Socket socket = hold("127.0.9." + (1 + i % 5));   // 5 addresses, 50 each: under the per-address cap
            if (i % 3 == 1) {
                socket.getOutputStream().write(new byte[] {'R', 'V'});   // two bytes, then nothing
            } else if (i % 3 == 2) {
                tricklers.add(socket);
            }
        }
        AtomicBoolean trickling = new AtomicBoolean(true);
        byte[] frame = codec.encode(new Unregister("x".repeat(500)));
        Thread trickle = new Thread(() -> {
            for (int b = 0; trickling.get() && b < frame.length; b++) {
                for (Socket socket : tricklers) {
                    try {
                        socket.getOutputStream().write(frame[b]);
                    } catch (IOException cutOff) {
                        // the frame deadline (5 s) may close a trickler: that is the listener working
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        trickle.start();
        try {
            Thread.sleep(300);
            assertEquals(250, listener.openConnections(), "every hostile connection was admitted and is held");
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long t = System.nanoTime();
                Message reply = client("127.0.8." + (1 + i)).exchange(listener.localAddress(), new Unregister("real " + i));
                millis.add(millisSince(t));
                assertEquals(Ack.of("real " + i), reply);
            }
            millis.sort(null);
            assertTrue(millis.get(millis.size() - 1) < 250, "every real exchange is answered at once: " + millis);
        } finally {
            trickling.set(false);
            trickle.join();
        }
        assertEquals(50, executed.get(), "only the real exchanges were executed");
        assertTrue(((ThreadPoolExecutor) runtime.workers()).getLargestPoolSize() <= WORKERS);
    }

    @Test
    void theFirstFrameDeadlineClosesSilentAndStalledConnections() throws Exception {
        start(ListenerLimits.defaults().withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(30)));
        Socket silent = hold("127.0.0.1");
        Socket twoBytes = hold("127.0.0.1");
        twoBytes.getOutputStream().write(new byte[] {'R', 'V'});
        long t = System.nanoTime();
        assertEquals(-1, silent.getInputStream().read(), "closed without a reply");
        assertEquals(-1, twoBytes.getInputStream().read(), "closed without a reply");
        long elapsed = millisSince(t);
        assertTrue(elapsed >= 150 && elapsed < 1500, "closed after the 300 ms first-frame deadline, not " + elapsed + " ms");
        assertEquals(2, listener.refusals(Refusal.FRAME_DEADLINE));
        assertEquals(0, executed.get());
    }

    @Test
    void aConnectionMayIdleBetweenFramesUpToTheIdleTimeout() throws Exception {
        start(ListenerLimits.defaults().withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(1200)));
        try (ProtocolConnection connection = client("127.0.0.1").connect(listener.localAddress())) {
            assertEquals(Ack.of("one"), connection.request(new Unregister("one")));
            Thread.sleep(700);   // longer than the frame deadlines, shorter than the idle timeout
            assertEquals(Ack.of("two"), connection.request(new Unregister("two")));
            long t = System.nanoTime();
            assertEquals(null, connection.receive(), "closed once idle for 1.2 s");
            assertTrue(millisSince(t) >= 900, "not before the idle timeout: " + millisSince(t) + " ms");
        }
    }

    @Test
    void oneAddressCannotTakeMoreThanItsShare() throws Exception {
        start(ListenerLimits.defaults().withConnections(100, 5, 10));
        for (int i = 0; i < 5; i++) {
            hold("127.0.7.1");
        }
        Socket sixth = hold("127.0.7.1");
        Frame refusal = codec.read(sixth.getInputStream());
        assertEquals(ErrorCode.BUSY, ((ErrorReply) refusal.message()).code(), "the sixth is refused BUSY at once");
        assertEquals(-1, sixth.getInputStream().read());
        assertEquals(1, listener.refusals(Refusal.CONNECTION_LIMIT));
        assertEquals(Ack.of("another address"), client("127.0.7.2").exchange(listener.localAddress(), new Unregister("another address")));
    }

    @Test
    void aFloodOfFreshConnectionsNeverPushesOutAPeerMidExchange() throws Exception {
        // 20 connections at most, 5 of them reserved: fresh connections get 15 slots, the oldest is evicted for a new one
        start(ListenerLimits.defaults().withConnections(20, 100, 5));
        List<ProtocolConnection> working = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ProtocolConnection connection = client("127.0.6." + (1 + i)).connect(listener.localAddress());
            assertEquals(Ack.of("first " + i), connection.request(new Unregister("first " + i)));
            working.add(connection);
        }
        List<Socket> flood = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            flood.add(hold("127.0.5." + (1 + i % 4)));
        }
        Thread.sleep(200);
        assertTrue(listener.openConnections() <= 20, "never more than the limit: " + listener.openConnections());
        assertTrue(listener.refusals(Refusal.EVICTED) >= 60 - 15, "the oldest fresh connections made room: "
                + listener.refusals(Refusal.EVICTED));
        for (int i = 0; i < 3; i++) {
            assertEquals(Ack.of("second " + i), working.get(i).request(new Unregister("second " + i)),
                    "the peers mid-exchange keep their connections");
            working.get(i).close();
        }
        // a new real peer still gets in: it evicts the oldest idle connection and is answered
        assertEquals(Ack.of("newcomer"), client("127.0.6.9").exchange(listener.localAddress(), new Unregister("newcomer")));
        assertEquals(-1, flood.get(0).getInputStream().read(), "the oldest of the flood was closed");
        assertEquals(7, executed.get());
    }

    @Test
    void aFrameArrivingInManySmallPiecesIsDecoded() throws Exception {
        List<Message> received = new ArrayList<>();
        start(ListenerLimits.defaults(), (frame, peer) -> {
            synchronized (received) {
                received.add(frame.message());
            }
            return Ack.of("got it");
        });
        List<BatchTarget> targets = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            targets.add(new BatchTarget(MacAddress.fromLong(0x0200_0000_0000L + i), null, null));
        }
        WakeBatch batch = new WakeBatch("job-pieces", 9, 1, targets);
        byte[] frame = codec.encode(batch);
        assertTrue(frame.length > 16_000, "a frame much larger than the listener's first buffer: " + frame.length);
        Random random = new Random(11);
        Socket socket = hold("127.0.0.1");
        OutputStream out = socket.getOutputStream();
        int pieces = 0;
        for (int at = 0; at < frame.length; pieces++) {
            int n = Math.min(frame.length - at, 1 + random.nextInt(pieces < 40 ? 3 : 700));
            out.write(frame, at, n);
            out.flush();
            at += n;
            if (pieces % 10 == 0) {
                Thread.sleep(5);
            }
        }
        assertTrue(pieces > 60, "pieces: " + pieces);
        assertEquals(Ack.of("got it"), codec.read(socket.getInputStream()).message());
        assertEquals(List.of(batch), received);
    }

    @Test
    void pipelinedFramesOnOneConnectionAreAnsweredInOrder() throws Exception {
        start(ListenerLimits.defaults());
        Socket socket = hold("127.0.0.1");
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            all.write(codec.encode(new Unregister("pipelined " + i)));
        }
        socket.getOutputStream().write(all.toByteArray());   // 20 frames in one write
        InputStream in = socket.getInputStream();
        for (int i = 0; i < 20; i++) {
            assertEquals(Ack.of("pipelined " + i), codec.read(in).message());
        }
        socket.getOutputStream().write(codec.encode(new StatusRequest()));
        assertInstanceOf(Ack.class, codec.read(in).message(), "the connection goes on after the pipelined frames");
        assertEquals(21, executed.get());
    }

    @Test
    void aPeerThatNeverReadsItsRepliesHoldsNoWorkerAndIsClosed() throws Exception {
        String big = "r".repeat(1000);
        start(ListenerLimits.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(30)),
                (frame, peer) -> {
                    executed.incrementAndGet();
                    return Ack.of(frame.message() instanceof Unregister u ? u.reason() : big);
                });
        Socket greedy = new Socket();
        greedy.setReceiveBufferSize(4096);
        greedy.bind(new InetSocketAddress(InetAddress.getByName("127.0.4.1"), 0));
        greedy.connect(listener.localAddress(), 2000);
        held.add(greedy);
        byte[] request = codec.encode(new StatusRequest());
        AtomicBoolean cut = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                long until = System.nanoTime() + 15_000_000_000L;
                while (System.nanoTime() < until) {
                    greedy.getOutputStream().write(request);   // blocks once the listener stops reading
                }
            } catch (IOException closedByListener) {
                cut.set(true);
            }
        });
        writer.setDaemon(true);
        writer.start();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            while (listener.refusals(Refusal.REPLY_NOT_READ) == 0) {
                // meanwhile real exchanges are answered at once: no worker waits for the greedy peer
                long t = System.nanoTime();
                assertEquals(Ack.of("real"), client("127.0.4.2").exchange(listener.localAddress(), new Unregister("real")));
                assertTrue(millisSince(t) < 250, "a real exchange took " + millisSince(t) + " ms");
                Thread.sleep(50);
            }
        });
        writer.join(10_000);
        assertTrue(cut.get(), "the greedy peer's connection was closed");
        assertEquals(1, listener.refusals(Refusal.REPLY_NOT_READ));
        assertTrue(((ThreadPoolExecutor) runtime.workers()).getLargestPoolSize() <= WORKERS);
    }

    @Test
    void refusalLinesAreRateLimited() throws Exception {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        runtime = ListenerRuntime.create("capacity", WORKERS, ListenerLimits.defaults(), null);
        listener = FrameServer.start(new InetSocketAddress("127.0.0.1", 0), codec, null,
                EnumSet.of(MessageType.Channel.SERVER_TO_AGENT), (frame, peer) -> Ack.of("ok"), runtime,
                ListenerLimits.defaults(), new ListenerLog() {
                    @Override
                    public void refused(Refusal refusal, String peer, String detail) {
                        lines.add(refusal.format(peer, detail));
                    }

                    @Override
                    public void suppressed(Refusal refusal, long count, Duration window) {
                        lines.add("suppressed " + count);
                    }
                });
        for (int i = 0; i < 100; i++) {
            try (Socket socket = hold("127.0.0.1")) {
                socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
                assertEquals(ErrorCode.BAD_MAGIC, ((ErrorReply) codec.read(socket.getInputStream()).message()).code());
            } catch (SocketTimeoutException e) {
                throw e;
            }
        }
        assertEquals(100, listener.refusals(Refusal.BAD_FRAME), "every refusal is counted");
        assertEquals(RefusalLog.LINES_PER_WINDOW, lines.size(), "but only a few are logged a minute: " + lines);
        assertTrue(lines.get(0).startsWith("Refused frame from 127.0.0.1:"), lines.get(0));
    }
}
