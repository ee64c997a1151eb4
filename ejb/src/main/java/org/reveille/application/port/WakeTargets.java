package org.reveille.application.port;

import java.time.Duration;
import java.util.List;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * Every state change of wake targets after they were recorded, in bulk (a job may have 100,000 targets), in the
 * caller's transaction. Each moves only targets in the states it names, along {@link
 * org.reveille.domain.model.wake.TargetState#next()}, and stamps them (updatedAt, version); each returns how many moved.
 */
public interface WakeTargets {

    /** A target handed to an agent: what the WAKE BATCH needs. */
    record Claimed(long id, MacAddress mac, Ipv4Address ip, String machineName) {
    }

    /**
     * QUEUED → DISPATCHED for those of the ids still queued; with {@code redelivered}, also DISPATCHED ones no agent
     * took (an interrupted delivery). Returns the claimed targets in id order.
     */
    List<Claimed> claim(List<Long> ids, boolean redelivered);

    /** DISPATCHED → QUEUED, with the error of the attempt that reached no agent. */
    int release(List<Long> ids, String error);

    /** QUEUED or DISPATCHED → FAILED, concluded, with the reason. */
    int fail(List<Long> ids, String reason);

    /** DISPATCHED → FAILED, concluded, with the reason (an agent could not send the packet). */
    int failDispatched(List<Long> ids, String reason);

    /**
     * An agent reports these DISPATCHED targets sent: SENT when the agent that took them is recorded, else they keep
     * DISPATCHED with the time of the report, for {@link #deliveredBy} to complete.
     */
    int reportedSent(List<Long> ids);

    /** Records the agent that took these targets; DISPATCHED ones already reported become SENT in the same write. */
    int deliveredBy(List<Long> ids, Ipv4Address agent);

    /**
     * DISPATCHED targets an agent took but never reported, {@code reportWait} after dispatch → SENT; those never
     * handed to an agent, {@code interruptedAfter} after dispatch → FAILED.
     */
    int unreported(Duration reportWait, Duration interruptedAfter);

    /** SENT → AWAKE, concluded: their machines answered. */
    int awake(List<Long> ids);

    /** A job is cancelled: its QUEUED targets → SKIPPED, and its SENT ones end their verification, with the reasons. */
    int cancel(long jobId, String skippedReason, String concludedReason);

    /** The targets of a job with these MACs (by the (mac, job_id) index). */
    List<Long> ofJob(long jobId, List<MacAddress> macs);
}
