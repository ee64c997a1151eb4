package org.reveille.domain.model.wake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reveille.domain.model.wake.TargetState.AWAKE;
import static org.reveille.domain.model.wake.TargetState.DISPATCHED;
import static org.reveille.domain.model.wake.TargetState.FAILED;
import static org.reveille.domain.model.wake.TargetState.QUEUED;
import static org.reveille.domain.model.wake.TargetState.SENT;
import static org.reveille.domain.model.wake.TargetState.SKIPPED;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/** The wake target's transition table (docs/api.md, "Wake jobs"), and that the entity keeps to it. */
class TargetStateTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theTableIsAsDocumented() {
        Map<TargetState, Set<TargetState>> expected = Map.of(
                QUEUED, EnumSet.of(SENT, FAILED, SKIPPED),
                DISPATCHED, EnumSet.of(QUEUED, SENT, FAILED),
                SENT, EnumSet.of(AWAKE, QUEUED, FAILED),
                AWAKE, EnumSet.noneOf(TargetState.class),
                FAILED, EnumSet.noneOf(TargetState.class),
                SKIPPED, EnumSet.noneOf(TargetState.class));
        for (TargetState from : TargetState.values()) {
            assertEquals(expected.get(from), from.next(), "from " + from);
            for (TargetState to : TargetState.values()) {
                assertEquals(expected.get(from).contains(to), from.mayMoveTo(to), from + " -> " + to);
            }
        }
    }

    @Test
    void concludedStatesNeverMoveAndNothingEntersDispatchedAnyMore() {
        for (TargetState done : List.of(AWAKE, FAILED, SKIPPED)) {
            assertTrue(done.next().isEmpty(), done + " is an end");
        }
        for (TargetState from : TargetState.values()) {
            assertFalse(from.mayMoveTo(DISPATCHED), from + " never becomes DISPATCHED: the agent's ACK makes a target SENT at once");
        }
    }

    @Test
    void aBulkChangeOutsideTheTableIsRefused() {
        TargetState.requireTransitions(EnumSet.of(QUEUED, DISPATCHED), FAILED);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> TargetState.requireTransitions(EnumSet.of(QUEUED, SKIPPED), FAILED));
        assertTrue(refused.getMessage().contains("SKIPPED to FAILED"), refused.getMessage());
    }

    @Test
    void theEntityKeepsToTheTable() {
        WakeTarget target = new WakeTarget(null, "name:PC-1", "R-1", "PC-1", MacAddress.parse("02:00:7f:14:05:0a"),
                Ipv4Address.parse("127.20.5.10"), Cidr.parse("127.20.5.0/24"), NOW);
        assertThrows(IllegalStateException.class, () -> target.moveTo(AWAKE, null, NOW), "a queued target is never awake unsent");
        target.moveTo(FAILED, "no agent on subnet 127.20.5.0/24", NOW);
        assertThrows(IllegalStateException.class, () -> target.moveTo(QUEUED, null, NOW), "a failed target stays failed");
        assertTrue(target.concluded());
    }
}
