package org.reveille.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.reveille.protocol.ListenerLog.Refusal;

/** The refusal log's rate limit, on a clock the test moves, and a flush that costs nothing while nothing is refused. */
class RefusalLogTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger clockReads = new AtomicInteger();
    private final List<String> lines = new ArrayList<>();
    private final RefusalLog log = new RefusalLog(new ListenerLog() {
        @Override
        public void refused(Refusal refusal, String peer, String detail) {
            lines.add("refused " + refusal + " " + peer);
        }

        @Override
        public void suppressed(Refusal refusal, long count, Duration window) {
            lines.add("suppressed " + refusal + " " + count + " in " + window.toSeconds() + " s");
        }
    }, () -> {
        clockReads.incrementAndGet();
        return now.get();
    });

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void tenLinesAMinuteThenOneLineSayingHowManyWereLeftOut() {
        for (int i = 0; i < 12; i++) {
            log.refused(Refusal.BAD_FRAME, "127.0.0." + i, "BAD_MAGIC");
        }
        assertEquals(RefusalLog.LINES_PER_WINDOW, lines.size(), "ten logged: " + lines);
        assertEquals(12, log.count(Refusal.BAD_FRAME), "every refusal counted");

        advance(Duration.ofSeconds(30));
        log.flush();
        assertEquals(RefusalLog.LINES_PER_WINDOW, lines.size(), "the window has not ended: " + lines);

        advance(Duration.ofSeconds(31));
        log.flush();
        assertEquals("suppressed BAD_FRAME 2 in 61 s", lines.get(lines.size() - 1));
        log.flush();
        advance(Duration.ofMinutes(5));
        log.flush();
        assertEquals(RefusalLog.LINES_PER_WINDOW + 1, lines.size(), "reported once: " + lines);

        log.refused(Refusal.BAD_FRAME, "127.0.0.99", "BAD_MAGIC");
        assertEquals("refused BAD_FRAME 127.0.0.99", lines.get(lines.size() - 1), "a new window logs again");
    }

    @Test
    void aWindowWithNothingLeftOutEndsWithoutALine() {
        log.refused(Refusal.BAD_FRAME, "127.0.0.1", "BAD_MAGIC");
        advance(Duration.ofMinutes(2));
        log.flush();
        assertEquals(List.of("refused BAD_FRAME 127.0.0.1"), lines);
    }

    @Test
    void flushingWhileNothingIsRefusedDoesNotEvenReadTheClock() {
        int before = clockReads.get();
        for (int i = 0; i < 1_000; i++) {
            log.flush();
        }
        assertEquals(before, clockReads.get(), "an idle listener's flush returns at once");

        log.refused(Refusal.BAD_FRAME, "127.0.0.1", "BAD_MAGIC");
        advance(Duration.ofMinutes(2));
        log.flush();   // rolls the window: nothing left to report after it
        int afterRoll = clockReads.get();
        for (int i = 0; i < 1_000; i++) {
            log.flush();
        }
        assertEquals(afterRoll, clockReads.get(), "idle again once every window has rolled");
    }
}
