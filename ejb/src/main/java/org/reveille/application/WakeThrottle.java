package org.reveille.application;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.reveille.domain.model.settings.Settings;

/**
 * Paces magic packets so that waking 10,000 machines does not trip a building's power: at most
 * {@code wakeRateLimitPerSubnet} packets per second on one subnet, {@code wakeRateLimitGlobal} over all subnets, and
 * {@code wakeStaggerMillis} between two batches anywhere. Dispatchers reserve a slot for each chunk of targets and
 * queue the chunk for the time of its slot (they never wait); slots are handed out in order, so a second in which a subnet gets more than its limit (plus one chunk)
 * cannot happen. Per server: with several servers on one database each applies the limits to its own dispatches.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class WakeThrottle {

    private final Map<Long, Long> subnetNext = new HashMap<>();
    private long globalNext = Long.MIN_VALUE;

    /** How many targets to hand over at once: a tenth of a second's worth under the limits, at most {@code max}. */
    public static int chunkSize(Settings settings, int max) {
        int chunk = max;
        if (settings.wakeRateLimitPerSubnet() > 0) {
            chunk = Math.min(chunk, Math.max(1, settings.wakeRateLimitPerSubnet() / 10));
        }
        if (settings.wakeRateLimitGlobal() > 0) {
            chunk = Math.min(chunk, Math.max(1, settings.wakeRateLimitGlobal() / 10));
        }
        return chunk;
    }

    /** Reserves the next slot for {@code packets} targets on the subnet; returns how long to wait before sending. */
    public Duration reserve(long subnetId, int packets, Settings settings) {
        long now = System.nanoTime();
        synchronized (this) {
            long start = Math.max(now, Math.max(globalNext, subnetNext.getOrDefault(subnetId, Long.MIN_VALUE)));
            int perSubnet = settings.wakeRateLimitPerSubnet();
            int global = settings.wakeRateLimitGlobal();
            if (perSubnet > 0) {
                subnetNext.put(subnetId, start + packets * 1_000_000_000L / perSubnet);
            }
            long stagger = settings.wakeStagger().toNanos();
            if (global > 0 || stagger > 0) {
                long byRate = global > 0 ? start + packets * 1_000_000_000L / global : start;
                globalNext = Math.max(byRate, start + stagger);
            }
            if (subnetNext.size() > 100_000) {
                subnetNext.values().removeIf(t -> t < now);   // forget subnets idle since their last slot
            }
            return Duration.ofNanos(start - now);
        }
    }
}
