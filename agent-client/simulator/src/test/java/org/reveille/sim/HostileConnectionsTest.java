package org.reveille.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reveille.protocol.Ack;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.FrameServer;
import org.reveille.protocol.ListenerLimits;
import org.reveille.protocol.ListenerLog;
import org.reveille.protocol.ListenerRuntime;
import org.reveille.protocol.MessageType;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.StatusRequest;

/** The attacker used by HostileListenerIT and the hostile benchmark holds its connections and reopens closed ones. */
class HostileConnectionsTest {

    @Test
    void holdsItsConnectionsAndReopensTheOnesTheListenerCloses() throws Exception {
        FrameCodec codec = new FrameCodec(SecurityContext.plain());
        ListenerLimits limits = ListenerLimits.defaults().withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(5));
        try (ListenerRuntime runtime = ListenerRuntime.create("hostile-test", 2, limits, null);
             FrameServer listener = FrameServer.start(new InetSocketAddress("127.0.0.1", 0), codec, null,
                     EnumSet.of(MessageType.Channel.SERVER_TO_AGENT), (frame, peer) -> Ack.of("ok"), runtime, limits,
                     ListenerLog.system());
             HostileConnections hostile = HostileConnections.start(listener.localAddress(),
                     HostileConnections.sources("127.0.3.1", 3), 60, 100)) {
            Thread.sleep(1800);
            assertTrue(hostile.awaitOpen(50, Duration.ofSeconds(2)), hostile.summary());
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (listener.openConnections() < 50 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertTrue(listener.openConnections() >= 50, "held at the listener: " + listener.openConnections());
            assertTrue(hostile.closedByListener() >= 60, "each was cut at the 500 ms deadline at least once: " + hostile.summary());
            assertTrue(hostile.connects() >= 120, "and opened again: " + hostile.summary());
            assertEquals(Ack.of("ok"), new ProtocolClient(codec, null, Duration.ofSeconds(1), Duration.ofSeconds(2))
                    .exchange(listener.localAddress(), new StatusRequest()));
        }
    }

    /** The guard runs in the constructor, before any socket is opened: the non-loopback address is data, never a destination. */
    @Test
    void refusesToLeaveLoopback() {
        assertThrows(IllegalArgumentException.class, () -> HostileConnections.start(new InetSocketAddress("10.0.0.1", 1777),
                List.of(InetAddress.getByName("127.0.0.1")), 1, 100));
    }
}
