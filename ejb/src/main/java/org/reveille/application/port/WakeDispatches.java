package org.reveille.application.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * "Queue a dispatch": hands targets of one job on one subnet to the dispatcher, in the caller's transaction (a batch
 * exists only once its targets are committed), puts the rest of a batch back at once, and says how often the queue
 * delivers a batch before it gives up.
 */
public interface WakeDispatches {

    /**
     * One batch as the dispatcher gets it. The rest of a batch put back for the time of its throttle slot says how
     * many of its first targets that slot is for ({@code reserved}, 0 for none), and whether an earlier delivery of it
     * failed ({@code resumed}: its targets may still be claimed by that delivery).
     */
    record Batch(long jobId, long subnetId, int round, Instant firstQueuedAt, List<Long> targetIds, boolean resumed, int reserved) {

        public Batch(long jobId, long subnetId, int round, Instant firstQueuedAt, List<Long> targetIds) {
            this(jobId, subnetId, round, firstQueuedAt, targetIds, false, 0);
        }

        /** The rest of this batch, its first {@code reserved} targets with a throttle slot. */
        public Batch rest(List<Long> targets, boolean resumed, int reserved) {
            return new Batch(jobId, subnetId, round, firstQueuedAt, targets, resumed, reserved);
        }
    }

    /** Queues the targets (in batches the implementation chooses), to be dispatched no sooner than {@code delay}. */
    void queue(long jobId, long subnetId, int round, Instant firstQueuedAt, List<Long> targetIds, Duration delay);

    /**
     * Puts a batch (or the rest of one) back, to be dispatched no sooner than {@code delay}: at once, whatever the
     * caller's transaction does afterwards (the dispatcher's delivery then commits in one phase; a delivery that
     * rolls back after it leaves both the batch and its rest queued, which the ledger makes harmless).
     */
    void requeue(Batch batch, Duration delay);

    /**
     * Whether the server's own packets (a subnet's server-direct policy, docs/network.md) go from one node chosen by the
     * cluster (docs/cluster.md, "Server-direct from one node"): then a batch that needs them is handed to that node
     * ({@link #toServerDirectNode}) instead of being sent by the node that took it. False on a single server.
     */
    boolean serverDirectFromOneNode();

    /**
     * Hands a batch (or the rest of one) to the cluster's server-direct node, at once, as {@link #requeue} does; that
     * node dispatches it as any node would, and sends the server's packets itself.
     */
    void toServerDirectNode(Batch batch);

    /**
     * How many deliveries of one batch the broker makes before it moves the batch to the dead-letter queue: the
     * dispatcher fails the targets and dead-letters the batch itself, with the reason, at the last one.
     */
    int maxDeliveryAttempts();
}
