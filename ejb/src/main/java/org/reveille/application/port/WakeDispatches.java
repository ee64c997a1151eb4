package org.reveille.application.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * "Queue a dispatch": hands targets of one job on one subnet to the dispatcher, in the caller's transaction (a batch
 * exists only once its targets are committed).
 */
public interface WakeDispatches {

    /** Queues the targets (in batches the implementation chooses), to be dispatched no sooner than {@code delay}. */
    void queue(long jobId, long subnetId, int round, Instant firstQueuedAt, List<Long> targetIds, Duration delay);
}
