package org.reveille.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.reveille.net.MacAddress;

class WakeDeduplicatorTest {

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:0a");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:0b");

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-22T03:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void sameJobAndMacWithinTheWindowIsADuplicate() {
        ManualClock clock = new ManualClock();
        WakeDeduplicator dedup = new WakeDeduplicator(clock, Duration.ofMinutes(10), 100);
        assertTrue(dedup.firstTime("job-1", A));
        assertFalse(dedup.firstTime("job-1", A));
        assertTrue(dedup.firstTime("job-1", B), "another MAC of the same job");
        assertTrue(dedup.firstTime("job-2", A), "the same MAC in another job");
        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertFalse(dedup.firstTime("job-1", A));
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertTrue(dedup.firstTime("job-1", A), "after the window the wake is new again");
    }

    @Test
    void memoryIsBoundedOldestFirst() {
        WakeDeduplicator dedup = new WakeDeduplicator(new ManualClock(), Duration.ofMinutes(10), 3);
        for (int i = 1; i <= 4; i++) {
            assertTrue(dedup.firstTime("job-" + i, A));
        }
        assertFalse(dedup.firstTime("job-4", A), "recent entries are kept");
        assertTrue(dedup.firstTime("job-1", A), "the oldest was forgotten to stay within capacity");
    }
}
