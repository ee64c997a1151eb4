package org.reveille.interfaces.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignInWatchTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private final SignInWatch watch = new SignInWatch(10, Duration.ofMinutes(30), Duration.ofMinutes(15));

    private int failuresUntilLocked(String user, Instant start, Duration apart) {
        for (int i = 1; i <= 20; i++) {
            if (watch.failed(user, "127.0.0.1", start.plus(apart.multipliedBy(i)))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void theTenthFailureInARowLocksAndIsReportedOnce() {
        assertEquals(10, failuresUntilLocked("cmdb", T0, Duration.ofSeconds(1)));
        // further attempts renew the lock but are not reported again
        for (int i = 0; i < 30; i++) {
            assertFalse(watch.failed("cmdb", "127.0.0.1", T0.plusSeconds(20 + i * 60L)));
        }
    }

    @Test
    void aSuccessStartsTheCountAgain() {
        for (int i = 0; i < 9; i++) {
            assertFalse(watch.failed("cmdb", "127.0.0.1", T0.plusSeconds(i)));
        }
        watch.succeeded("cmdb");
        assertEquals(10, failuresUntilLocked("cmdb", T0.plusSeconds(10), Duration.ofSeconds(1)));
    }

    @Test
    void failuresFurtherApartThanTheSessionTimeoutDoNotAddUp() {
        assertEquals(-1, failuresUntilLocked("cmdb", T0, Duration.ofMinutes(31)));
    }

    @Test
    void aLockThatRanOutWithoutAttemptsCanBeReachedAgain() {
        assertEquals(10, failuresUntilLocked("cmdb", T0, Duration.ofSeconds(1)));
        Instant afterLock = T0.plusSeconds(10).plus(Duration.ofMinutes(16));
        assertEquals(10, failuresUntilLocked("cmdb", afterLock, Duration.ofSeconds(1)));
    }

    @Test
    void eachIdentityCountsAlone() {
        for (int i = 0; i < 9; i++) {
            watch.failed("a", "127.0.0.1", T0.plusSeconds(i));
            watch.failed("b", "127.0.0.1", T0.plusSeconds(i));
        }
        assertTrue(watch.failed("a", "127.0.0.1", T0.plusSeconds(9)));
        assertTrue(watch.failed("b", "127.0.0.1", T0.plusSeconds(9)));
    }

    @Test
    void basicUserIsReadOnlyFromAWellFormedHeader() {
        String header = "Basic " + Base64.getEncoder().encodeToString("inventory:secret:with:colons".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of("inventory"), SignInWatch.basicUser(header));
        assertEquals(Optional.of("inventory"), SignInWatch.basicUser(header.replace("Basic", "basic")));
        assertEquals(Optional.empty(), SignInWatch.basicUser("Basic !!!"));
        assertEquals(Optional.empty(), SignInWatch.basicUser("Bearer abc"));
        assertEquals(Optional.empty(), SignInWatch.basicUser(null));
        assertEquals(Optional.empty(), SignInWatch.basicUser("Basic " + Base64.getEncoder().encodeToString(":x".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void userNamesGoIntoTheLogWithoutLineBreaks() {
        assertEquals("evil?INFO forged", SignInWatch.printable("evil\nINFO forged"));
        assertEquals(103, SignInWatch.printable("x".repeat(500)).length());
    }
}
