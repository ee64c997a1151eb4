package org.reveille.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reveille.application.HeartbeatBuffer.Pending;
import org.reveille.net.Ipv4Address;

class HeartbeatBufferTest {

    private static final Ipv4Address A = Ipv4Address.parse("127.9.0.10");
    private static final Ipv4Address B = Ipv4Address.parse("127.8.0.11");
    private static final Instant T = Instant.parse("2026-12-02T08:00:00Z");

    private final HeartbeatBuffer buffer = new HeartbeatBuffer();

    @Test
    void an_unknown_agent_is_not_held() {
        assertFalse(buffer.offer(A, T));
        assertEquals(0, buffer.size());
        assertEquals(Optional.empty(), buffer.pending(A));
    }

    @Test
    void a_known_agent_keeps_its_newest_heartbeat_until_drained_in_address_order() {
        buffer.markKnown(A);
        buffer.markKnown(B);
        assertTrue(buffer.offer(A, T.plusSeconds(5)));
        assertTrue(buffer.offer(A, T));                    // late arrival of an older heartbeat
        assertTrue(buffer.offer(B, T.plusSeconds(1)));
        assertEquals(Optional.of(T.plusSeconds(5)), buffer.pending(A));
        assertEquals(List.of(new Pending(B, T.plusSeconds(1)), new Pending(A, T.plusSeconds(5))), buffer.drain());
        assertEquals(0, buffer.size());
        assertEquals(List.of(), buffer.drain());
    }

    @Test
    void restored_heartbeats_do_not_overwrite_newer_ones_and_forgotten_agents_are_dropped() {
        buffer.markKnown(A);
        buffer.markKnown(B);
        buffer.offer(A, T);
        buffer.offer(B, T);
        List<Pending> failed = buffer.drain();
        buffer.offer(A, T.plusSeconds(2));                 // arrived while the failed batch was being written
        buffer.forget(B);                                  // de-registered meanwhile
        buffer.restore(failed);
        assertEquals(List.of(new Pending(A, T.plusSeconds(2))), buffer.drain());
        assertFalse(buffer.offer(B, T.plusSeconds(3)));
    }
}
