package org.reveille.protocol;

import java.time.Duration;

/**
 * The capacity and deadlines of one {@link FrameServer} (docs/protocol.md, "Listener limits"). A connection must
 * deliver its first complete frame within {@code firstFrameTimeout} of being accepted; a later frame must be complete
 * within {@code frameTimeout} of its first byte; between frames a connection may stay silent for
 * {@code idleTimeout}; a reply must be taken by the peer within {@code frameTimeout}. At most {@code maxConnections}
 * are open at once, at most {@code maxPerSource} from one IP address, and connections that have not yet delivered a
 * complete frame may hold at most {@code maxConnections - reserve}: the reserve is kept for peers mid-exchange.
 */
public record ListenerLimits(Duration firstFrameTimeout, Duration frameTimeout, Duration idleTimeout,
                             int maxConnections, int maxPerSource, int reserve) {

    public static final Duration DEFAULT_FIRST_FRAME_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_FRAME_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 2048;
    /** Real agents hold a connection for milliseconds per exchange: 128 at once from one NAT is far above that. */
    public static final int DEFAULT_MAX_PER_SOURCE = 128;
    public static final int DEFAULT_RESERVE = 256;

    public ListenerLimits {
        if (firstFrameTimeout.isNegative() || firstFrameTimeout.isZero() || frameTimeout.isNegative() || frameTimeout.isZero()
                || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("listener timeouts must be positive");
        }
        if (maxConnections < 2 || maxPerSource < 1 || reserve < 1 || reserve >= maxConnections) {
            throw new IllegalArgumentException("listener limits need maxConnections >= 2, maxPerSource >= 1 and"
                    + " 1 <= reserve < maxConnections, not " + maxConnections + "/" + maxPerSource + "/" + reserve);
        }
    }

    public static ListenerLimits defaults() {
        return new ListenerLimits(DEFAULT_FIRST_FRAME_TIMEOUT, DEFAULT_FRAME_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_PER_SOURCE, DEFAULT_RESERVE);
    }

    /** These limits with another idle timeout; the frame deadlines are never longer than it. */
    public ListenerLimits withIdleTimeout(Duration idle) {
        return new ListenerLimits(min(firstFrameTimeout, idle), min(frameTimeout, idle), idle, maxConnections,
                maxPerSource, reserve);
    }

    public ListenerLimits withTimeouts(Duration firstFrame, Duration frame, Duration idle) {
        return new ListenerLimits(firstFrame, frame, idle, maxConnections, maxPerSource, reserve);
    }

    public ListenerLimits withConnections(int max, int perSource, int reserved) {
        return new ListenerLimits(firstFrameTimeout, frameTimeout, idleTimeout, max, perSource, reserved);
    }

    /** How many connections without a complete frame may be open at once. */
    public int unprovenLimit() {
        return maxConnections - reserve;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
