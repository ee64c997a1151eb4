package org.reveille.protocol;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Rate-limits a {@link ListenerLog}: per kind of refusal at most {@link #LINES_PER_WINDOW} lines a minute, then
 * one line saying how many were left out. Also counts every refusal, logged or not. Thread-safe.
 */
final class RefusalLog {

    static final int LINES_PER_WINDOW = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final ListenerLog sink;
    private final LongSupplier nanoTime;
    /**
     * Some window has counted a line since it last rolled (guarded by this). Without one, {@link #flush} has nothing
     * to do and returns at once: the fleet simulator runs 4,000 agents' listeners on one selector thread, and their
     * flushes, ten a second each, walking every window, were 45 % of its JVM's CPU samples in the wake benchmark.
     */
    private boolean counting;
    private final Map<ListenerLog.Refusal, Window> windows = new EnumMap<>(ListenerLog.Refusal.class);
    private final Map<ListenerLog.Refusal, AtomicLong> counts = new EnumMap<>(ListenerLog.Refusal.class);

    private static final class Window {
        long start;
        int lines;
        long suppressed;
    }

    RefusalLog(ListenerLog sink) {
        this(sink, System::nanoTime);
    }

    /** With the clock {@code nanoTime} (tests). */
    RefusalLog(ListenerLog sink, LongSupplier nanoTime) {
        this.sink = sink;
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        for (ListenerLog.Refusal refusal : ListenerLog.Refusal.values()) {
            Window window = new Window();
            window.start = now;
            windows.put(refusal, window);
            counts.put(refusal, new AtomicLong());
        }
    }

    void refused(ListenerLog.Refusal refusal, String peer, String detail) {
        counts.get(refusal).incrementAndGet();
        boolean log;
        synchronized (this) {
            Window window = windows.get(refusal);
            roll(refusal, window, nanoTime.getAsLong());
            counting = true;
            log = window.lines < LINES_PER_WINDOW;
            if (log) {
                window.lines++;
            } else {
                window.suppressed++;
            }
        }
        if (log) {
            sink.refused(refusal, peer, detail);
        }
    }

    /** Reports what was left out in windows that have ended; called by the listener's periodic sweep. */
    synchronized void flush() {
        if (!counting) {
            return;
        }
        long now = nanoTime.getAsLong();
        boolean still = false;
        for (Map.Entry<ListenerLog.Refusal, Window> entry : windows.entrySet()) {
            Window window = entry.getValue();
            roll(entry.getKey(), window, now);
            still |= window.lines > 0;
        }
        counting = still;
    }

    private void roll(ListenerLog.Refusal refusal, Window window, long now) {
        if (now - window.start < WINDOW.toNanos()) {
            return;
        }
        if (window.suppressed > 0) {
            sink.suppressed(refusal, window.suppressed, Duration.ofNanos(now - window.start));
        }
        window.start = now;
        window.lines = 0;
        window.suppressed = 0;
    }

    long count(ListenerLog.Refusal refusal) {
        return counts.get(refusal).get();
    }
}
