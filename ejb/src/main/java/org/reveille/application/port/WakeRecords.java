package org.reveille.application.port;

import java.time.Instant;
import java.util.List;
import org.reveille.domain.model.wake.WakeJobItem;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * Writes what a wake submission records besides the job's own row, in the caller's transaction and in bulk: the
 * items the request named and the targets they resolved to (docs/architecture.md#flow-wake). A job may name 100,000
 * machines; these rows are inserted in JDBC batches without entities, which was most of a large submission's time.
 */
public interface WakeRecords {

    /**
     * A target as the resolution found it: QUEUED when {@code skippedBecause} is null, else SKIPPED (and concluded)
     * with that reason.
     */
    record NewTarget(String requestedAs, String resourceId, String machineName, MacAddress mac, Ipv4Address ip,
            Cidr subnet, String skippedBecause) {

        public boolean queued() {
            return skippedBecause == null;
        }
    }

    /** The request's items, in request order (their positions 0, 1, …). */
    void items(long jobId, List<WakeJobItem> items);

    /** Inserts the targets, stamped {@code now}; returns their ids, in the same order. */
    long[] targets(long jobId, List<NewTarget> targets, Instant now);
}
