package org.reveille.agent;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.WireRole;
import org.reveille.protocol.Frame;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.Message;
import org.reveille.protocol.PrimaryAnswer;
import org.reveille.protocol.PrimaryProbe;
import org.reveille.protocol.ProtocolException;
import org.reveille.protocol.SecurityMismatch;
import org.reveille.protocol.SelectorLoop;

/**
 * The agent's UDP socket for docs/architecture.md#flow-a-returning-agent: it answers PRIMARY PROBEs while this agent is
 * the Primary of the probed subnet, and collects the answers to the probes this agent sends when it comes back.
 */
final class ProbeChannel implements Closeable {

    private static final System.Logger LOG = System.getLogger(ProbeChannel.class.getName());
    private static final int MAX_DATAGRAM = 1024;

    private final DatagramChannel channel;
    private final FrameCodec codec;
    private final Ipv4Address self;
    private final Cidr subnet;
    private final String name;
    private final Supplier<WireRole> role;
    private final InetSocketAddress broadcast;
    private final int probePort;
    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
    private volatile CompletableFuture<PrimaryAnswer> pending;
    private final SelectorLoop loop;

    private ProbeChannel(DatagramChannel channel, FrameCodec codec, AgentConfig config, Supplier<WireRole> role,
            SelectorLoop loop) {
        this.channel = channel;
        this.loop = loop;
        this.codec = codec;
        this.self = config.address;
        this.subnet = config.subnet();
        this.name = config.name;
        this.role = role;
        this.broadcast = new InetSocketAddress(config.broadcast.toInetAddress(), config.probePort);
        this.probePort = config.probePort;
    }

    static ProbeChannel open(AgentConfig config, FrameCodec codec, Supplier<WireRole> role, AgentPlatform platform)
            throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            // On a real segment only a wildcard-bound socket hears broadcasts; simulated agents share the port on
            // their own loopback addresses and hear the subnet's relay instead.
            channel.bind(new InetSocketAddress(config.address.isLoopback() ? config.address.toInetAddress() : null,
                    config.probePort));
            ProbeChannel probe = new ProbeChannel(channel, codec, config, role, platform.listeners.selector());
            platform.listeners.selector().register(channel, SelectionKey.OP_READ, key -> probe.receiveAll());
            return probe;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Runs on the selector thread: quick decode and, at most, one small unicast answer. */
    private void receiveAll() {
        while (true) {
            InetSocketAddress from;
            buffer.clear();
            try {
                from = (InetSocketAddress) channel.receive(buffer);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "probe receive failed: " + e);
                return;
            }
            if (from == null) {
                return;
            }
            handle(from);
        }
    }

    private void handle(InetSocketAddress from) {
        String peer = from.getAddress().getHostAddress() + ":" + from.getPort();
        Frame frame;
        try {
            frame = codec.decode(buffer.array(), 0, buffer.position());
        } catch (ProtocolException e) {
            SecurityMismatch mismatch = e.code().isSecurityMismatch() ? mismatchOf(e) : null;
            LOG.log(System.Logger.Level.WARNING, mismatch != null ? mismatch.logLine(peer)
                    : "Ignored datagram from " + peer + ": " + e.getMessage());
            return;
        }
        Message message = frame.message();
        if (message instanceof PrimaryProbe probe) {
            if (role.get() == WireRole.PRIMARY && probe.subnet().equals(subnet) && subnet.contains(probe.asker())
                    && !probe.asker().equals(self)) {
                answer(probe);
            }
        } else if (message instanceof PrimaryAnswer answer) {
            CompletableFuture<PrimaryAnswer> waiting = pending;
            if (waiting != null && answer.subnet().equals(subnet) && !answer.primary().equals(self)) {
                waiting.complete(answer);
            }
        } else {
            LOG.log(System.Logger.Level.WARNING, "Ignored " + message.type() + " datagram from " + peer
                    + ": only PRIMARY PROBE and PRIMARY ANSWER travel over UDP");
        }
    }

    private static SecurityMismatch mismatchOf(ProtocolException e) {
        switch (e.code()) {
            case SECURITY_REQUIRED:
                return SecurityMismatch.THIS_SIDE_REQUIRES_SIGNATURES;
            case SECURITY_NOT_CONFIGURED:
                return SecurityMismatch.PEER_REQUIRES_SIGNATURES;
            default:
                return null;
        }
    }

    /** Answers to the asker's probe port, not to the datagram's source, which may be a relay in simulation. */
    private void answer(PrimaryProbe probe) {
        InetSocketAddress asker = new InetSocketAddress(probe.asker().toInetAddress(), probePort);
        try {
            channel.send(ByteBuffer.wrap(codec.encode(new PrimaryAnswer(subnet, self, name))), asker);
            LOG.log(System.Logger.Level.INFO, "Answered PRIMARY PROBE from " + probe.asker() + " (" + probe.machineName()
                    + "): this agent is the Primary of " + subnet);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not answer probe from " + asker + ": " + e);
        }
    }

    /**
     * Broadcasts PRIMARY PROBE on the subnet up to {@code attempts} times and waits {@code timeout} after each.
     *
     * @return the Primary's answer, or empty when none came
     */
    Optional<PrimaryAnswer> probe(Duration timeout, int attempts) throws IOException, InterruptedException {
        CompletableFuture<PrimaryAnswer> answer = new CompletableFuture<>();
        pending = answer;
        try {
            byte[] probe = null;
            for (int attempt = 0; attempt < attempts; attempt++) {
                probe = codec.encode(new PrimaryProbe(subnet, self, name));
                channel.send(ByteBuffer.wrap(probe), broadcast);
                try {
                    return Optional.of(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    LOG.log(System.Logger.Level.DEBUG, "no Primary answered probe " + (attempt + 1) + " of " + attempts);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Optional.empty();
        } finally {
            pending = null;
        }
    }

    @Override
    public void close() throws IOException {
        loop.close(channel);
    }
}
