package org.reveille.sim;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reveille.protocol.Ack;
import org.reveille.protocol.ErrorCode;
import org.reveille.protocol.Frame;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.FrameServer;
import org.reveille.protocol.ListenerRuntime;
import org.reveille.protocol.Message;
import org.reveille.protocol.MessageType;
import org.reveille.protocol.ProtocolException;
import org.reveille.protocol.Registration;
import org.reveille.protocol.RoleChange;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.WireRole;

/**
 * Test only: the server's agent listener on 127.0.0.1 (a free port), plain, recording every frame agents send with its
 * version, and granting a registering agent the role it asked for (PRIMARY when it asked for none). Built to speak up to
 * {@code speaks}, it refuses a frame of a later version with ERROR UNSUPPORTED_VERSION, as a server of that version
 * does (docs/protocol.md, "Version 4"); refused frames are recorded too.
 */
final class VersionedServer implements Closeable {

    private final int speaks;
    private final ListenerRuntime runtime;
    private final FrameServer listener;
    private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();

    VersionedServer(int speaks) throws IOException {
        this.speaks = speaks;
        runtime = ListenerRuntime.create("versioned-server", 8, Duration.ofSeconds(10), null);
        try {
            listener = FrameServer.start(new InetSocketAddress("127.0.0.1", 0), new FrameCodec(SecurityContext.plain()), null,
                    EnumSet.of(MessageType.Channel.AGENT_TO_SERVER), (frame, peer) -> handle(frame), runtime);
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private Message handle(Frame frame) throws ProtocolException {
        received.add(frame);
        if (frame.version() > speaks) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "protocol version " + frame.version()
                    + "; this side speaks 1-" + speaks);
        }
        if (frame.message() instanceof Registration registration) {
            WireRole granted = registration.requestedRole() == WireRole.MEMBER ? WireRole.PRIMARY : registration.requestedRole();
            return new RoleChange(granted, "versioned server grants what was asked");
        }
        return Ack.of("recorded");
    }

    int port() throws IOException {
        return listener.localAddress().getPort();
    }

    /** host:port as an agent names this server. */
    String label() throws IOException {
        return "127.0.0.1:" + port();
    }

    /** The next frame whose message is of the given type, skipping others, or fails after {@code timeout}. */
    Frame await(Class<? extends Message> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame next = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no " + type.getSimpleName() + " reached the server within " + timeout);
            }
            if (type.isInstance(next.message())) {
                return next;
            }
        }
    }

    BlockingQueue<Frame> received() {
        return received;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        runtime.close();
    }
}
