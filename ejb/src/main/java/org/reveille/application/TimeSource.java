package org.reveille.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock of the server. With {@code -Dreveille.testing.clock=true} (integration tests only) it can be moved
 * forward through {@link #advance}, so that "stale after 3 hours" or "unreachable for 30 days" can be tested
 * without waiting; otherwise it is the system clock and cannot be moved.
 */
@ApplicationScoped
public class TimeSource {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public static boolean adjustable() {
        return Boolean.getBoolean("reveille.testing.clock");
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return Clock.offset(Clock.system(zone), offset.get());
            }

            @Override
            public Instant instant() {
                return Instant.now().plus(offset.get());
            }
        };
    }

    /** Moves the clock forward; refused unless the testing clock is enabled. Returns the new time. */
    public Instant advance(Duration by) {
        if (!adjustable()) {
            throw new IllegalStateException("the clock can only be moved with -Dreveille.testing.clock=true");
        }
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        return Instant.now().plus(offset.accumulateAndGet(by, Duration::plus));
    }

    /** Back to the system clock (a test that moved the clock leaves it as it found it); refused unless enabled. */
    public Instant reset() {
        if (!adjustable()) {
            throw new IllegalStateException("the clock can only be reset with -Dreveille.testing.clock=true");
        }
        offset.set(Duration.ZERO);
        return Instant.now();
    }
}
