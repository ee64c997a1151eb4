package org.reveille.testing;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reveille.protocol.Ack;
import org.reveille.protocol.WireRole;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.FrameServer;
import org.reveille.protocol.ListenerRuntime;
import org.reveille.protocol.Message;
import org.reveille.protocol.MessageType;
import org.reveille.protocol.Registration;
import org.reveille.protocol.RoleChange;
import org.reveille.protocol.SecurityContext;

/**
 * The server's agent listener, reduced to what agent tests need: it records every message agents send to
 * 127.0.0.1:(free port) and grants a registering agent the role it asked for (PRIMARY when it asked for none).
 */
public final class StandInServer implements Closeable {

    private final ListenerRuntime runtime;
    private final FrameServer listener;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    public StandInServer(SecurityContext security) throws IOException {
        runtime = ListenerRuntime.create("stand-in-server", 8, Duration.ofSeconds(10), null);
        listener = FrameServer.start(new InetSocketAddress("127.0.0.1", 0), new FrameCodec(security), null,
                EnumSet.of(MessageType.Channel.AGENT_TO_SERVER), (frame, peer) -> {
                    Message message = frame.message();
                    received.add(message);
                    if (message instanceof Registration registration) {
                        WireRole granted = registration.requestedRole() == WireRole.MEMBER ? WireRole.PRIMARY
                                : registration.requestedRole();
                        return new RoleChange(granted, "stand-in server grants what was asked");
                    }
                    return Ack.of("recorded");
                }, runtime);
    }

    public int port() throws IOException {
        return listener.localAddress().getPort();
    }

    /** The next message of the given type, skipping others, or fails after {@code timeout}. */
    public <T extends Message> T await(Class<T> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Message next = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no " + type.getSimpleName() + " reached the server within " + timeout);
            }
            if (type.isInstance(next)) {
                return type.cast(next);
            }
        }
    }

    public BlockingQueue<Message> received() {
        return received;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        runtime.close();
    }
}
