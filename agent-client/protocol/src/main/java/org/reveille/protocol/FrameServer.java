package org.reveille.protocol;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;
import org.reveille.protocol.ListenerLog.Refusal;

/**
 * A TCP listener that reads frames, hands each accepted message to a {@link MessageHandler} and writes the reply.
 * The agent runs one on port 1776 for server commands; the server runs one on 1777 for agents.
 *
 * <p>The selector thread accepts connections and reads their bytes without blocking into a buffer per connection;
 * only a complete frame goes to a worker, and the reply is written back without blocking. So a silent, trickling or
 * non-reading peer costs a buffer and a file descriptor, never a worker. Each connection has deadlines (first frame,
 * each later frame, idle time between frames, taking its reply) and the listener caps the connections per source
 * address and in total, keeping a reserve for peers that are mid-exchange; see {@link ListenerLimits}. When the
 * listener is full, the oldest connection that has not yet delivered a complete frame is closed to admit a new one.
 * A {@link HoldPolicy} may keep the connections of proven peers (on the server: agents that heartbeat) open for
 * their next exchange in a pool of their own, outside those caps and with a longer wait between frames.
 *
 * <p>Every refusal closes the connection after at most one ERROR frame, and nothing of the refused frame is
 * executed: a bad frame (with the decoder's specific {@link ErrorCode}), a message type that does not belong on this
 * listener, or a security mismatch, which is logged as one "Security mismatch with" line. With TLS configured, a peer
 * speaking plain TCP is told so in plain text; without TLS, a peer opening with a TLS handshake is dropped with the
 * matching log line. A TLS connection is served by one worker with blocking I/O from its first byte on (the JDK's
 * SSLSocket), bounded by the same deadlines, which the selector thread enforces by closing the socket.
 */
public final class FrameServer implements Closeable {

    private static final System.Logger LOG = System.getLogger(FrameServer.class.getName());
    private static final int TLS_HANDSHAKE_RECORD = 0x16;
    /** How long a TLS connection may wait for its next frame before it is closed (it holds a worker meanwhile). */
    static final java.time.Duration TLS_LINGER = java.time.Duration.ofSeconds(2);
    private static final int INITIAL_BUFFER = 512;
    private static final int BACKLOG = 1024;

    private final ServerSocketChannel channel;
    private final FrameCodec codec;
    private final TlsSettings tls;
    private final Set<MessageType.Channel> accepted;
    private final MessageHandler handler;
    private final ListenerRuntime runtime;
    private final SelectorLoop loop;
    private final ListenerLimits limits;
    private final HoldPolicy hold;
    private final RefusalLog refusals;
    private final Runnable sweep = this::sweep;

    // selector-thread state
    private final Set<Connection> connections = new LinkedHashSet<>();
    /** Connections that have not delivered a complete frame yet, oldest first: the ones evicted when full. */
    private final Set<Connection> unproven = new LinkedHashSet<>();
    private final Map<InetAddress, Integer> perSource = new HashMap<>();
    /**
     * Held connections waiting for their next frame, in the order they began to wait: as they all wait up to the same
     * hold timeout, the sweep looks only at the head. They are not in {@link #connections} while they wait.
     */
    private final Set<Connection> resting = new LinkedHashSet<>();
    /** Connections that count against the ordinary caps (everything but the held ones). */
    private int ordinary;
    private volatile int heldCount;
    private volatile int openCount;
    private SelectionKey acceptPaused;

    private FrameServer(ServerSocketChannel channel, FrameCodec codec, TlsSettings tls, Set<MessageType.Channel> accepted,
            MessageHandler handler, ListenerRuntime runtime, ListenerLimits limits, HoldPolicy hold, ListenerLog log) {
        this.channel = channel;
        this.codec = codec;
        this.tls = tls;
        this.accepted = EnumSet.copyOf(accepted);
        this.handler = handler;
        this.runtime = runtime;
        this.loop = runtime.selector();
        this.limits = limits;
        this.hold = hold;
        this.refusals = new RefusalLog(log);
    }

    /**
     * Binds and starts accepting, with the runtime's limits and refusals logged through System.Logger.
     *
     * @param bind the address and port to listen on (port 0: any free port)
     * @param tls null for plain TCP
     * @param accepted the message channels this listener serves, e.g. SERVER_TO_AGENT on an agent
     */
    public static FrameServer start(InetSocketAddress bind, FrameCodec codec, TlsSettings tls,
            Set<MessageType.Channel> accepted, MessageHandler handler, ListenerRuntime runtime) throws IOException {
        return start(bind, codec, tls, accepted, handler, runtime, runtime.limits(), ListenerLog.system());
    }

    /** As above with this listener's own limits, and refusals reported to {@code log} (rate-limited). */
    public static FrameServer start(InetSocketAddress bind, FrameCodec codec, TlsSettings tls,
            Set<MessageType.Channel> accepted, MessageHandler handler, ListenerRuntime runtime, ListenerLimits limits,
            ListenerLog log) throws IOException {
        return start(bind, codec, tls, accepted, handler, runtime, limits, HoldPolicy.none(), log);
    }

    /** As above, keeping the connections {@code hold} names open for the peer's next exchange. */
    public static FrameServer start(InetSocketAddress bind, FrameCodec codec, TlsSettings tls,
            Set<MessageType.Channel> accepted, MessageHandler handler, ListenerRuntime runtime, ListenerLimits limits,
            HoldPolicy hold, ListenerLog log) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            // A restarted agent must get its port back at once, whatever connections are still in TIME_WAIT.
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(bind, BACKLOG);
            FrameServer server = new FrameServer(channel, codec, tls, accepted, handler, runtime, limits, hold, log);
            runtime.selector().register(channel, SelectionKey.OP_ACCEPT, server::acceptAll);
            runtime.selector().addTicker(server.sweep);
            return server;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    public ListenerLimits limits() {
        return limits;
    }

    public HoldPolicy holdPolicy() {
        return hold;
    }

    /** Connections open now, held ones included (approximate when read outside the selector thread). */
    public int openConnections() {
        return openCount;
    }

    /** Held connections open now (approximate when read outside the selector thread). */
    public int heldConnections() {
        return heldCount;
    }

    /** How many refusals of this kind happened since the start, logged or not. */
    public long refusals(Refusal kind) {
        return refusals.count(kind);
    }

    // ---- admission ----

    private void acceptAll(SelectionKey acceptKey) {
        loop.hurry();
        while (true) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (java.nio.channels.ClosedChannelException e) {
                return; // closed while a connection was waiting: the server is stopping
            } catch (IOException e) {
                // e.g. out of file descriptors: the connection stays in the backlog; pause accepting until the
                // next sweep rather than spin on a key that stays ready
                LOG.log(System.Logger.Level.WARNING, "accept failed: " + e);
                acceptPaused = acceptKey;
                acceptKey.interestOps(0);
                return;
            }
            if (accepted == null) {
                return;
            }
            admit(accepted);
        }
    }

    private void admit(SocketChannel accepted) {
        InetSocketAddress remote;
        try {
            remote = (InetSocketAddress) accepted.getRemoteAddress();
            accepted.configureBlocking(false);
            accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            closeQuietly(accepted);
            return;
        }
        String peer = remote.getAddress().getHostAddress() + ":" + remote.getPort();
        int fromSource = perSource.getOrDefault(remote.getAddress(), 0);
        if (fromSource >= limits.maxPerSource()) {
            refuseBusy(accepted, peer, fromSource + " connections from " + remote.getAddress().getHostAddress()
                    + " are open (limit " + limits.maxPerSource() + " per address)");
            return;
        }
        if (ordinary >= limits.maxConnections() || unproven.size() >= limits.unprovenLimit()) {
            Connection oldest = unproven.isEmpty() ? null : unproven.iterator().next();
            if (oldest == null) {
                refuseBusy(accepted, peer, "the listener holds " + ordinary + " connections (limit "
                        + limits.maxConnections() + "), all of them mid-exchange");
                return;
            }
            refusals.refused(Refusal.EVICTED, oldest.peer, "oldest of " + unproven.size() + " connections without a"
                    + " complete frame (at most " + limits.unprovenLimit() + ": " + limits.maxConnections() + " minus "
                    + limits.reserve() + " reserved for peers mid-exchange), open " + oldest.ageMillis() + " ms, "
                    + oldest.received + " bytes received");
            oldest.close();
        }
        Connection connection = new Connection(accepted, remote, peer);
        try {
            connection.key = loop.registerNow(accepted, SelectionKey.OP_READ, connection);
        } catch (IOException | RuntimeException e) {
            closeQuietly(accepted);
            return;
        }
        connections.add(connection);
        unproven.add(connection);
        perSource.merge(remote.getAddress(), 1, Integer::sum);
        ordinary++;
        openCount = connections.size() + resting.size();
    }

    /** Tells a refused peer BUSY if its socket takes the few bytes at once, and closes. */
    private void refuseBusy(SocketChannel refused, String peer, String why) {
        refusals.refused(Refusal.CONNECTION_LIMIT, peer, why);
        try (refused) {
            refused.write(ByteBuffer.wrap(codec.encodeUnsigned(new ErrorReply(ErrorCode.BUSY, "too many connections: " + why))));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not tell a refused peer: " + e);
        }
    }

    // ---- deadlines ----

    private void sweep() {
        refusals.flush();
        if (acceptPaused != null) {
            if (acceptPaused.isValid()) {
                acceptPaused.interestOps(SelectionKey.OP_ACCEPT);
            }
            acceptPaused = null;
        }
        long now = System.nanoTime();
        sweepResting(now);
        if (connections.isEmpty()) {
            return;
        }
        List<Connection> expired = null;
        for (Connection connection : connections) {
            if (connection.deadlineArmed && now - connection.deadline > 0) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(connection);
            }
        }
        if (expired != null) {
            expired.forEach(Connection::expire);
        }
    }

    /** Closes the held connections that waited longer than the hold timeout: only the head can have. */
    private void sweepResting(long now) {
        if (resting.isEmpty()) {
            return;
        }
        long holdNanos = hold.holdTimeout().toNanos();
        List<Connection> expired = null;
        for (Connection connection : resting) {
            if (now - connection.restingSince - holdNanos <= 0) {
                break;
            }
            if (expired == null) {
                expired = new ArrayList<>();
            }
            expired.add(connection);
        }
        if (expired != null) {
            for (Connection connection : expired) {
                LOG.log(System.Logger.Level.DEBUG, "closing held connection from " + connection.peer + ": no frame"
                        + " within the hold timeout of " + hold.holdTimeout().toSeconds() + " s");
                connection.close();
            }
        }
    }

    // ---- one connection ----

    private enum Phase {
        /** Collecting the bytes of the next frame (OP_READ). */
        READING,
        /** A complete frame is with a worker; nothing is read meanwhile. */
        WORKING,
        /** Writing a reply or an ERROR (OP_WRITE while the peer's window is full). */
        WRITING,
        /** A TLS connection, served by a worker with blocking I/O; the selector only keeps its deadline. */
        TLS
    }

    private final class Connection implements Consumer<SelectionKey> {
        final SocketChannel socket;
        final InetSocketAddress remote;
        final String peer;
        final long openedAt = System.nanoTime();
        SelectionKey key;
        ByteBuffer in = ByteBuffer.allocate(INITIAL_BUFFER);
        /** Length of the frame being collected once its header is in, else -1. */
        int frameLength = -1;
        boolean proven;
        long received;
        Phase phase = Phase.READING;
        volatile long deadline;
        volatile boolean deadlineArmed = true;
        volatile String deadlineMeaning;
        ByteBuffer out;
        boolean closeAfterWrite;
        /** The reply being written ends an exchange after which the hold policy keeps this connection. */
        boolean holdAfterWrite;
        /** In the held pool: outside the ordinary caps, waits up to the hold timeout between frames. */
        boolean held;
        /** When this held connection began to wait in {@link #resting}. */
        long restingSince;
        /** The reply being written was answered on the loop thread ({@link #answerAtOnce}). */
        boolean answeredOnLoop;
        volatile boolean closed;

        Connection(SocketChannel socket, InetSocketAddress remote, String peer) {
            this.socket = socket;
            this.remote = remote;
            this.peer = peer;
            arm(limits.firstFrameTimeout().toNanos(), "first");
        }

        void arm(long nanos, String meaning) {
            deadline = System.nanoTime() + nanos;
            deadlineMeaning = meaning;
            deadlineArmed = true;
        }

        long ageMillis() {
            return (System.nanoTime() - openedAt) / 1_000_000;
        }

        @Override
        public void accept(SelectionKey ready) {
            if (closed || !ready.isValid()) {
                return;
            }
            if (!held) {
                loop.hurry();   // only held connections' frames wait for the selector's gathering pause
            }
            if (phase == Phase.WRITING && ready.isWritable()) {
                flush();
            } else if (phase == Phase.READING && ready.isReadable()) {
                read();
            }
        }

        private void read() {
            int n;
            try {
                if (!in.hasRemaining()) {
                    // the frame's declared length is more than the buffer: grow with what really arrives
                    in = ByteBuffer.allocate(Math.min(FrameCodec.MAX_FRAME_SIZE, in.capacity() * 2)).put(in.flip());
                }
                int before = in.position();
                n = socket.read(in);
                if (n > 0 && held && resting.remove(this)) {
                    connections.add(this);   // a held connection's next frame: the sweep keeps its deadlines again
                }
                if (n > 0 && before == 0 && proven) {
                    arm(limits.frameTimeout().toNanos(), "frame");   // a later frame starts: its own deadline
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "connection from " + peer + " ended: " + e);
                close();
                return;
            }
            if (n < 0) {
                endOfStream();
                return;
            }
            if (n == 0) {
                return;
            }
            boolean first = received == 0;
            received += n;
            if (first && !proven && screenFirstByte()) {
                return;
            }
            collect();
        }

        /** Tells a TLS handshake from a plain frame by the first byte; true when this connection went elsewhere. */
        private boolean screenFirstByte() {
            boolean tlsHello = (in.get(0) & 0xFF) == TLS_HANDSHAKE_RECORD;
            if (tls == null) {
                if (tlsHello) {
                    refusals.refused(Refusal.SECURITY_MISMATCH, peer, explanation(SecurityMismatch.PEER_REQUIRES_TLS));
                    close();
                    return true;
                }
                return false;
            }
            if (!tlsHello) {
                refusals.refused(Refusal.SECURITY_MISMATCH, peer, explanation(SecurityMismatch.THIS_SIDE_REQUIRES_TLS));
                reply(codec.encodeUnsigned(new ErrorReply(ErrorCode.TLS_REQUIRED,
                        "this listener accepts TLS connections only")), true);
                return true;
            }
            handOverToTls();
            return true;
        }

        /** Hands a complete frame to a worker, or refuses a bad header at once. */
        private void collect() {
            int have = in.position();
            if (frameLength < 0) {
                try {
                    frameLength = FrameCodec.frameLength(in.array(), have);
                } catch (ProtocolException e) {
                    refuse(e);
                    return;
                }
            }
            if (frameLength < 0 || have < frameLength) {
                return;
            }
            byte[] frame = Arrays.copyOf(in.array(), frameLength);
            int rest = have - frameLength;
            // pipelined bytes of the next frame stay; a grown buffer shrinks back once its frame is out
            ByteBuffer next = in.capacity() > INITIAL_BUFFER && rest <= INITIAL_BUFFER ? ByteBuffer.allocate(INITIAL_BUFFER) : in;
            System.arraycopy(in.array(), frameLength, next.array(), 0, rest);
            next.position(rest);
            in = next;
            frameLength = -1;
            if (!proven) {
                proven = true;
                unproven.remove(this);
            }
            phase = Phase.WORKING;
            deadlineArmed = false;   // the handler's time is not the peer's fault
            if (held && hold.answersAtOnce(FrameCodec.typeOf(frame))) {
                answerAtOnce(frame);
                return;
            }
            toWorker(() -> work(frame));
        }

        private void toWorker(Runnable task) {
            interest(0);
            try {
                runtime.workers().execute(task);
            } catch (RejectedExecutionException e) {
                // only when the runtime is shutting down
                reply(codec.encodeUnsigned(new ErrorReply(ErrorCode.BUSY, "stopping")), true);
            }
        }

        /**
         * On the loop thread, a held connection's frame of the policy's quick type: decoded (signature, replay) and
         * answered here, without a worker; a refused frame is answered and closed as a worker would, and when the
         * quick answer declines (null) or fails, the decoded frame goes to a worker and the handler.
         */
        private void answerAtOnce(byte[] bytes) {
            Frame frame;
            try {
                frame = codec.decode(bytes);
            } catch (ProtocolException e) {
                logRefusedFrame(e, peer);
                reply(codec.encodeUnsigned(new ErrorReply(e.code(), truncate(e.getMessage()))), true);
                return;
            }
            Message reply = null;
            if (accepted.contains(frame.message().type().channel())) {
                try {
                    reply = hold.quick().answer(frame, remote);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "quick answer to " + peer + " failed, a worker answers: " + e);
                }
            }
            if (reply == null) {
                toWorker(() -> answer(frame));
                return;
            }
            byte[] encoded;
            try {
                encoded = codec.encodeReply(frame, reply);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Failed to answer " + peer, e);
                close();
                return;
            }
            answeredOnLoop = true;
            reply(encoded, reply instanceof ErrorReply, !(reply instanceof ErrorReply) && hold.holds(frame.message(), reply));
        }

        private void endOfStream() {
            int have = in.position();
            if (have == 0) {
                close();
                return;
            }
            refuse(new ProtocolException(ErrorCode.TRUNCATED, frameLength < 0
                    ? "stream ended after " + have + " header bytes"
                    : "stream ended inside a " + frameLength + "-byte frame"));
        }

        /** Refuses a frame the selector thread already knows is bad (header, early end): one ERROR, then close. */
        private void refuse(ProtocolException e) {
            logRefusedFrame(e, peer);
            reply(codec.encodeUnsigned(new ErrorReply(e.code(), truncate(e.getMessage()))), true);
        }

        /** On a worker: decode (signature, replay), then {@link #answer}. */
        private void work(byte[] bytes) {
            Frame frame;
            try {
                frame = codec.decode(bytes);
            } catch (ProtocolException e) {
                logRefusedFrame(e, peer);
                replyLater(codec.encodeUnsigned(new ErrorReply(e.code(), truncate(e.getMessage()))), true);
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Failed to decode a frame of " + peer, e);
                loop.execute(this::close);
                return;
            }
            answer(frame);
        }

        /** On a worker: check the channel, execute, and hand the reply to the loop. */
        private void answer(Frame frame) {
            try {
                Message reply = execute(frame);
                if (reply instanceof ErrorReply) {
                    replyLater(codec.encodeReply(frame, reply), true);
                } else if (reply == null) {
                    replyLater(null, false);
                } else {
                    byte[] encoded = codec.encodeReply(frame, reply);
                    boolean keep = hold.holds(frame.message(), reply);
                    loop.execute(() -> reply(encoded, false, keep));
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Failed to answer " + peer, e);
                loop.execute(this::close);
            }
        }

        private void replyLater(byte[] bytes, boolean thenClose) {
            loop.execute(() -> reply(bytes, thenClose));
        }

        private void reply(byte[] bytes, boolean thenClose) {
            reply(bytes, thenClose, false);
        }

        /** On the loop thread: writes what the peer takes now, the rest when it is ready, by the reply deadline. */
        private void reply(byte[] bytes, boolean thenClose, boolean thenHold) {
            if (closed) {
                return;
            }
            if (bytes == null) {
                nextFrame();
                return;
            }
            out = ByteBuffer.wrap(bytes);
            closeAfterWrite = thenClose;
            holdAfterWrite = thenHold;
            phase = Phase.WRITING;
            arm(limits.frameTimeout().toNanos(), "reply");
            flush();
        }

        private void flush() {
            try {
                socket.write(out);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not write to " + peer + ": " + e);
                close();
                return;
            }
            if (out.hasRemaining()) {
                interest(SelectionKey.OP_WRITE);
                return;
            }
            out = null;
            if (closeAfterWrite) {
                close();
                return;
            }
            if (holdAfterWrite && !held) {
                joinHeldPool();
            }
            nextFrame();
        }

        /**
         * Moves this connection from the ordinary caps into the held pool, if the pool has room; otherwise it stays
         * an ordinary connection with the idle timeout (the peer connects again next time).
         */
        private void joinHeldPool() {
            if (heldCount >= hold.maxHeld()) {
                return;
            }
            held = true;
            heldCount++;
            ordinary--;
            perSource.computeIfPresent(remote.getAddress(), (address, count) -> count > 1 ? count - 1 : null);
        }

        /**
         * After a reply: the next frame may already be here (pipelined), else wait for it up to the idle timeout, or
         * for a held connection up to the hold timeout, in {@link #resting} where the sweep does not visit it.
         */
        private void nextFrame() {
            phase = Phase.READING;
            if (in.position() > 0) {
                arm(limits.frameTimeout().toNanos(), "frame");
            } else if (held) {
                deadlineArmed = false;
                connections.remove(this);
                restingSince = System.nanoTime();
                resting.add(this);
            } else {
                arm(limits.idleTimeout().toNanos(), "idle");
            }
            interest(SelectionKey.OP_READ);
            if (in.position() > 0) {
                if (answeredOnLoop) {
                    // answered on the loop thread: the next frame on a later turn, not by recursion
                    loop.execute(this::collectPipelined);
                } else {
                    collect();
                }
            }
            answeredOnLoop = false;
        }

        private void collectPipelined() {
            if (!closed && phase == Phase.READING) {
                collect();
            }
        }

        private void interest(int ops) {
            try {
                key.interestOps(ops);
            } catch (CancelledKeyException e) {
                close();
            }
        }

        /** Called by the sweep when the armed deadline passed. */
        void expire() {
            if (closed) {
                return;
            }
            String meaning = deadlineMeaning;
            switch (meaning) {
                case "idle" -> LOG.log(System.Logger.Level.DEBUG, "closing idle connection from " + peer);
                case "reply" -> refusals.refused(Refusal.REPLY_NOT_READ, peer, "it did not take its reply within "
                        + limits.frameTimeout().toMillis() + " ms");
                case "first" -> refusals.refused(Refusal.FRAME_DEADLINE, peer, "no complete first frame within "
                        + limits.firstFrameTimeout().toMillis() + " ms of connecting (" + received + " bytes received"
                        + (phase == Phase.TLS ? ", TLS" : "") + ")");
                default -> refusals.refused(Refusal.FRAME_DEADLINE, peer, "frame not complete within "
                        + limits.frameTimeout().toMillis() + " ms of its first byte (" + in.position() + " bytes of it received)");
            }
            close();
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            deadlineArmed = false;
            if (loop.inLoop()) {
                forget();
            } else {
                loop.execute(this::forget);
            }
            closeQuietly(socket);
        }

        private void forget() {
            if (connections.remove(this) | resting.remove(this)) {
                unproven.remove(this);
                if (held) {
                    heldCount--;
                } else {
                    ordinary--;
                    perSource.computeIfPresent(remote.getAddress(), (address, count) -> count > 1 ? count - 1 : null);
                }
                openCount = connections.size() + resting.size();
            }
        }

        // ---- TLS: a worker with blocking I/O, the loop keeps the deadlines ----

        private void handOverToTls() {
            phase = Phase.TLS;
            byte[] consumed = Arrays.copyOf(in.array(), in.position());
            in = ByteBuffer.allocate(0);
            key.cancel();
            // the next select deregisters the key; only then may the channel block
            loop.execute(() -> {
                if (closed) {
                    return;
                }
                try {
                    socket.configureBlocking(true);
                    runtime.workers().execute(() -> serveTls(consumed));
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "could not hand " + peer + " to TLS: " + e);
                    close();
                }
            });
        }

        private void serveTls(byte[] consumed) {
            Socket plain = socket.socket();
            try {
                SSLSocket ssl = (SSLSocket) tls.context().getSocketFactory()
                        .createSocket(plain, new ByteArrayInputStream(consumed), true);
                ssl.setEnabledProtocols(tls.protocols());
                ssl.setNeedClientAuth(tls.requireClientAuth());
                try {
                    ssl.startHandshake();
                } catch (IOException e) {
                    if (!closed) {
                        refusals.refused(Refusal.TLS_HANDSHAKE, peer, String.valueOf(e.getMessage()));
                    }
                    return;
                }
                converse(new BufferedInputStream(ssl.getInputStream()), ssl.getOutputStream());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "TLS connection from " + peer + " ended: " + e);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Failed to serve TLS connection from " + peer, e);
            } finally {
                close();
            }
        }

        private void converse(InputStream in, OutputStream out) throws IOException {
            while (true) {
                Frame frame;
                try {
                    frame = codec.read(in);
                } catch (ProtocolException e) {
                    logRefusedFrame(e, peer);
                    out.write(codec.encodeUnsigned(new ErrorReply(e.code(), truncate(e.getMessage()))));
                    out.flush();
                    return;
                }
                if (frame == null) {
                    return;
                }
                if (!proven) {
                    proven = true;
                    loop.execute(() -> unproven.remove(this));
                }
                deadlineArmed = false;
                Message reply = execute(frame);
                if (reply != null) {
                    arm(limits.frameTimeout().toNanos(), "reply");
                    out.write(codec.encodeReply(frame, reply));
                    out.flush();
                }
                if (reply instanceof ErrorReply) {
                    return;
                }
                // blocking reads cannot tell waiting from a frame begun: the wait and the frame share one deadline. A TLS
                // connection holds a worker while it waits, so it waits only briefly for a further frame (pipelined ones
                // are there at once) and is then closed: a kept connection of the peer reconnects for its next exchange
                arm(Math.min(limits.idleTimeout().toNanos(), TLS_LINGER.toNanos()), "idle");
            }
        }

        /** The channel check and the handler: the reply, or the ERROR that answers a refused command. */
        private Message execute(Frame frame) {
            MessageType type = frame.message().type();
            if (!accepted.contains(type.channel())) {
                refusals.refused(Refusal.UNEXPECTED_MESSAGE, peer, type + " is not accepted on this listener");
                return new ErrorReply(ErrorCode.UNEXPECTED_MESSAGE, type + " is not accepted here");
            }
            try {
                return handler.handle(frame, remote);
            } catch (ProtocolException e) {
                LOG.log(System.Logger.Level.WARNING, "Refused " + type + " from " + peer + ": " + e.getMessage());
                return new ErrorReply(e.code(), truncate(e.getMessage()));
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "Failed to execute " + type + " from " + peer, e);
                return new ErrorReply(ErrorCode.INTERNAL, truncate(type + " failed: " + e));
            }
        }
    }

    /**
     * Logs a frame refused by the decoder. The ERROR that answers it is unsigned, so that a peer with a different
     * key, or none, can still read why; an unsigned ERROR can make a peer give up, never execute anything.
     */
    private void logRefusedFrame(ProtocolException e, String peer) {
        SecurityMismatch mismatch = SecurityMismatch.detectedHere(e.code());
        if (mismatch != null) {
            refusals.refused(Refusal.SECURITY_MISMATCH, peer, explanation(mismatch));
        } else {
            refusals.refused(Refusal.BAD_FRAME, peer, e.getMessage());
        }
    }

    private static String explanation(SecurityMismatch mismatch) {
        return mismatch.explanation();
    }

    static String truncate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed: " + e);
        }
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() throws IOException {
        loop.removeTicker(sweep);
        loop.close(channel);
        if (loop.inLoop()) {
            closeAll();
        } else {
            loop.execute(this::closeAll);
        }
    }

    private void closeAll() {
        new ArrayList<>(connections).forEach(Connection::close);
        new ArrayList<>(resting).forEach(Connection::close);
    }
}
