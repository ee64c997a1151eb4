package org.reveille.infrastructure.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatWatchdogTest {

    @Test
    void checksFourTimesPerTimeoutWithinOneAndThirtySeconds() {
        assertEquals(Duration.ofSeconds(30), HeartbeatWatchdog.checkInterval(Duration.ofMinutes(3)), "default timeout: capped at 30 s");
        assertEquals(Duration.ofSeconds(15), HeartbeatWatchdog.checkInterval(Duration.ofMinutes(1)));
        assertEquals(Duration.ofMillis(1500), HeartbeatWatchdog.checkInterval(Duration.ofSeconds(6)));
        assertEquals(Duration.ofSeconds(1), HeartbeatWatchdog.checkInterval(Duration.ofSeconds(3)), "never more often than every second");
        assertEquals(Duration.ofSeconds(30), HeartbeatWatchdog.checkInterval(Duration.ofDays(1)));
    }
}
