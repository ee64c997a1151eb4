package org.reveille.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reveille.net.MacAddress;

/**
 * The server delivers wake batches at least once; this remembers which (job, MAC) pairs were executed within
 * a window so that a redelivered batch wakes nobody twice. Bounded: the oldest entries go first.
 */
final class WakeDeduplicator {

    private final Clock clock;
    private final long windowMillis;
    private final int capacity;
    private final LinkedHashMap<String, Long> executedAt = new LinkedHashMap<>();

    WakeDeduplicator(Clock clock, Duration window, int capacity) {
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.capacity = capacity;
    }

    /** True the first time a (job, MAC) pair is seen within the window; records it. */
    synchronized boolean firstTime(String jobId, MacAddress mac) {
        long now = clock.millis();
        Iterator<Map.Entry<String, Long>> oldest = executedAt.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Long> entry = oldest.next();
            if (entry.getValue() + windowMillis > now && executedAt.size() < capacity) {
                break;
            }
            oldest.remove();
        }
        String key = jobId + '\n' + mac;
        Long previous = executedAt.get(key);
        if (previous != null && previous + windowMillis > now) {
            return false;
        }
        executedAt.put(key, now);
        return true;
    }
}
