package org.reveille.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A listener under hostile connections on 127.0.0.1: garbage, truncated frames, huge declared lengths and silent
 * peers are all refused or timed out, nothing is executed, the two workers are never exceeded and come back.
 */
class FrameServerRobustnessTest {

    private ListenerRuntime runtime;
    private FrameServer listener;
    private final AtomicInteger executed = new AtomicInteger();
    private final FrameCodec codec = new FrameCodec(SecurityContext.plain());

    @BeforeEach
    void start() throws IOException {
        runtime = ListenerRuntime.create("robustness", 2, Duration.ofMillis(400), null);
        listener = FrameServer.start(new InetSocketAddress("127.0.0.1", 0), codec, null,
                EnumSet.of(MessageType.Channel.SERVER_TO_AGENT), (frame, peer) -> {
                    executed.incrementAndGet();
                    return Ack.of("ok");
                }, runtime);
    }

    @AfterEach
    void stop() throws IOException {
        listener.close();
        runtime.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(listener.localAddress(), 2000);
        socket.setSoTimeout(5000);
        return socket;
    }

    private ErrorCode errorAfterSending(byte[] bytes) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            Frame reply = codec.read(socket.getInputStream());
            assertEquals(-1, socket.getInputStream().read(), "the listener closes after an ERROR");
            return ((ErrorReply) reply.message()).code();
        }
    }

    @Test
    void answersEachBadFrameWithItsErrorAndCloses() throws IOException {
        byte[] good = codec.encode(new StatusRequest());
        byte[] huge = good.clone();
        huge[22] = 0x7F;
        assertEquals(ErrorCode.OVERSIZED, errorAfterSending(huge));
        assertEquals(ErrorCode.BAD_MAGIC, errorAfterSending("GET / HTTP/1.0\r\n\r\n".getBytes()));
        byte[] version = good.clone();
        version[2] = 9;
        assertEquals(ErrorCode.UNSUPPORTED_VERSION, errorAfterSending(version));
        byte[] type = good.clone();
        type[3] = 0x66;
        assertEquals(ErrorCode.UNKNOWN_TYPE, errorAfterSending(type));
        assertEquals(ErrorCode.SECURITY_NOT_CONFIGURED, errorAfterSending(
                new FrameCodec(SecurityContext.withKey("a-key-of-sixteen-bytes!".getBytes())).encode(new StatusRequest())));
        assertEquals(ErrorCode.UNEXPECTED_MESSAGE, errorAfterSending(codec.encode(Ack.of("not a command"))));
        assertEquals(0, executed.get(), "nothing executed");
    }

    @Test
    void aTruncatedFrameFollowedByCloseIsRefused() throws IOException {
        byte[] good = codec.encode(new Unregister("bye"));
        try (Socket socket = connect()) {
            socket.getOutputStream().write(good, 0, good.length - 2);
            socket.shutdownOutput();
            ErrorReply reply = (ErrorReply) codec.read(socket.getInputStream()).message();
            assertEquals(ErrorCode.TRUNCATED, reply.code());
        }
        assertEquals(0, executed.get());
    }

    @Test
    void silentAndHostilePeersNeverExhaustTheWorkers() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Random random = new Random(7);
            List<Socket> silent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Socket socket = connect();
                socket.getOutputStream().write(new byte[] {'R', 'V', 1}); // a header that never completes
                silent.add(socket);
            }
            for (int i = 0; i < 200; i++) {
                try (Socket socket = connect()) {
                    byte[] garbage = new byte[1 + random.nextInt(100)];
                    random.nextBytes(garbage);
                    socket.getOutputStream().write(garbage);
                    socket.shutdownOutput();
                    drain(socket.getInputStream());
                } catch (IOException refusedOrReset) {
                    // a full queue may reset us: that is the bound working
                }
            }
            for (Socket socket : silent) {
                assertEquals(-1, socket.getInputStream().read(), "a silent peer is closed after the idle timeout");
                socket.close();
            }
            ProtocolClient client = new ProtocolClient(codec, null, Duration.ofSeconds(2), Duration.ofSeconds(5));
            assertInstanceOf(Ack.class, client.exchange(listener.localAddress(), new StatusRequest()));
        });
        ThreadPoolExecutor workers = (ThreadPoolExecutor) runtime.workers();
        assertTrue(workers.getLargestPoolSize() <= 2, "workers: " + workers.getLargestPoolSize());
        assertEquals(1, executed.get(), "only the one valid command was executed");
    }

    @Test
    void aPeerTricklingBytesIsCutOffAtTheFrameDeadline() throws Exception {
        byte[] frame = codec.encode(new Unregister("x".repeat(200)));
        try (Socket socket = connect()) {
            long start = System.currentTimeMillis();
            boolean cut = false;
            for (int i = 0; i < frame.length && !cut; i++) {
                try {
                    socket.getOutputStream().write(frame[i]);
                    socket.getOutputStream().flush();
                    Thread.sleep(50); // each byte well inside the 400 ms read timeout
                } catch (IOException closedByListener) {
                    cut = true;
                }
                if (socket.getInputStream().available() > 0 || System.currentTimeMillis() - start > 3000) {
                    break;
                }
            }
            socket.setSoTimeout(3000);
            int next = socket.getInputStream().read();
            long elapsed = System.currentTimeMillis() - start;
            assertEquals(-1, next, "the listener closed the connection");
            assertTrue(elapsed < 2500, "cut off after " + elapsed + " ms, not after the whole trickle");
        }
        assertEquals(0, executed.get());
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[512];
        while (in.read(buffer) >= 0) {
            // until the listener closes
        }
    }
}
