package org.reveille.protocol;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rate-limits a {@link ListenerLog}: per kind of refusal at most {@link #LINES_PER_WINDOW} lines a minute, then
 * one line saying how many were left out. Also counts every refusal, logged or not. Thread-safe.
 */
final class RefusalLog {

    static final int LINES_PER_WINDOW = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final ListenerLog sink;
    private final Map<ListenerLog.Refusal, Window> windows = new EnumMap<>(ListenerLog.Refusal.class);
    private final Map<ListenerLog.Refusal, AtomicLong> counts = new EnumMap<>(ListenerLog.Refusal.class);

    private static final class Window {
        long start;
        int lines;
        long suppressed;
    }

    RefusalLog(ListenerLog sink) {
        this.sink = sink;
        long now = System.nanoTime();
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
            roll(refusal, window, System.nanoTime());
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
        long now = System.nanoTime();
        windows.forEach((refusal, window) -> roll(refusal, window, now));
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
