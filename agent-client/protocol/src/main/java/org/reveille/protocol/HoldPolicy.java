package org.reveille.protocol;

import java.time.Duration;
import java.util.function.BiPredicate;

/**
 * Which connections a {@link FrameServer} keeps open for a peer's next exchange, and for how long (docs/protocol.md,
 * "Held connections"). A connection becomes <em>held</em> after an exchange that {@code holdAfter} accepts (the
 * request's frame was valid, signed when the listener requires it, and the handler's reply was not an ERROR): the
 * server's agent listener holds an agent's connection after a HEARTBEAT it acknowledged as from a registered agent.
 *
 * <p>Held connections have their own pool of at most {@code maxHeld}, apart from the caps of {@link ListenerLimits}
 * (total, per source address, reserve), and wait for their next frame up to {@code holdTimeout} instead of the idle
 * timeout: a connection that has not completed such an exchange, e.g. a hostile idle one, keeps every deadline and
 * cap of the listener. When the pool is full, a connection that would be held stays an ordinary one (idle timeout,
 * counted in the ordinary caps), so the peer simply connects again next time.
 *
 * <p>A held connection's frames of {@code quickType} may be answered on the selector thread itself by {@code quick}
 * (decode, signature and replay checks included), without handing the frame to a worker and the reply back: the
 * server answers a known agent's heartbeat that way, one thread wake-up instead of three (docs/architecture.md,
 * "Heartbeats"). The quick answer must not block; when it returns null the frame goes to a worker as usual.
 *
 * @param holdTimeout how long a held connection may wait for its next frame; longer than the peers' heartbeat interval
 * @param maxHeld held connections at once (each costs a file descriptor and a 512-byte buffer); 0 holds none
 * @param holdAfter (request, reply) of an exchange after which the connection is held
 * @param quickType the message type a held connection's frames are answered at once for, or null for none
 * @param quick answers a decoded frame of {@code quickType} on the selector thread, or null to leave it to a worker
 */
public record HoldPolicy(Duration holdTimeout, int maxHeld, BiPredicate<Message, Message> holdAfter,
        MessageType quickType, QuickAnswer quick) {

    /**
     * Answers a frame on the selector thread: must be quick and must not block (no database, no lock held by a
     * worker). Null means "not now": the frame goes to a worker and the listener's handler.
     */
    @FunctionalInterface
    public interface QuickAnswer {
        Message answer(Frame frame, java.net.InetSocketAddress peer);
    }

    /** Twice and a half the default heartbeat interval of 60 s. */
    public static final Duration DEFAULT_HOLD_TIMEOUT = Duration.ofSeconds(150);

    public HoldPolicy {
        if (holdTimeout.isNegative() || holdTimeout.isZero() || maxHeld < 0) {
            throw new IllegalArgumentException("a hold policy needs a positive hold timeout and maxHeld >= 0, not "
                    + holdTimeout + "/" + maxHeld);
        }
        if ((quickType == null) != (quick == null)) {
            throw new IllegalArgumentException("a quick answer needs both its message type and its answer");
        }
    }

    public HoldPolicy(Duration holdTimeout, int maxHeld, BiPredicate<Message, Message> holdAfter) {
        this(holdTimeout, maxHeld, holdAfter, null, null);
    }

    /** This policy, answering held connections' HEARTBEATs with {@code answer} on the selector thread. */
    public HoldPolicy answeringHeartbeats(QuickAnswer answer) {
        return new HoldPolicy(holdTimeout, maxHeld, holdAfter, MessageType.HEARTBEAT, answer);
    }

    /** Whether a held connection's frame of this type is answered on the selector thread. */
    boolean answersAtOnce(MessageType type) {
        return quick != null && type == quickType;
    }

    /** Holds nothing: every connection has the listener's idle timeout (agents' listeners). */
    public static HoldPolicy none() {
        return new HoldPolicy(Duration.ofSeconds(1), 0, (request, reply) -> false);
    }

    /** Holds after an acknowledged HEARTBEAT whose ACK does not say "not registered" (the server's agent listener). */
    public static HoldPolicy heartbeats(Duration holdTimeout, int maxHeld) {
        return new HoldPolicy(holdTimeout, maxHeld, (request, reply) -> request instanceof Heartbeat
                && reply instanceof Ack ack && ack.detail().isEmpty());
    }

    /**
     * A default size of the pool from this process's open-files limit: what is left after the listener's ordinary
     * connections and {@code headroom} descriptors for everything else (jars, database, broker, logs).
     */
    public static int fromOpenFilesLimit(long openFilesLimit, ListenerLimits limits, int headroom) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, openFilesLimit - limits.maxConnections() - headroom));
    }

    boolean holds(Message request, Message reply) {
        return maxHeld > 0 && holdAfter.test(request, reply);
    }
}
