package org.reveille.application.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.reveille.domain.model.wake.WakePaths;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * Every state change of wake targets after they were recorded, in bulk (a job may have 100,000 targets), in the
 * caller's transaction. Each moves only targets in the states it names, along {@link
 * org.reveille.domain.model.wake.TargetState#next()}, and stamps them (updatedAt, version); each returns how many moved.
 * A target is written twice on its way to SENT: its insert (QUEUED) and {@link #sent} (docs/reliability.md).
 */
public interface WakeTargets {

    /** A target handed to an agent: what the WAKE BATCH needs. */
    record Claimed(long id, MacAddress mac, Ipv4Address ip, String machineName) {
    }

    /**
     * Those of the ids still QUEUED (not cancelled, not sent by an earlier delivery); with {@code redelivered}, also
     * DISPATCHED ones no agent took (left by an interrupted delivery of an earlier version, which still entered
     * DISPATCHED). A plain read, no lock. In id order.
     */
    List<Claimed> queued(List<Long> ids, boolean redelivered);

    /**
     * Those of the ids still as {@link #queued} finds them → SENT by {@code agent} at {@code at} along {@code paths}, with
     * {@code reason} (null for none), one attempt more: the one write of the hand-over, made before the agent is asked;
     * its row locks last until the caller's transaction ends (a cancel or an agent's result for them waits), and a
     * rollback undoes it when the agent refuses. {@code agent} is null for targets the server sent itself.
     */
    int sent(List<Long> ids, boolean redelivered, Ipv4Address agent, WakePaths paths, String reason, Instant at);

    /** Of the ids, those SENT by {@code agent} (null: by the server) at {@code at} (as {@link #sent} left them), in id order. */
    List<Claimed> sentAt(List<Long> ids, Ipv4Address agent, Instant at);

    /** An attempt that reached no agent: the targets stay (or, left-over DISPATCHED ones, become) QUEUED, with its error. */
    int attemptFailed(List<Long> ids, String error);

    /** QUEUED or DISPATCHED → FAILED, concluded, with the reason. */
    int fail(List<Long> ids, String reason);

    /** SENT → FAILED, concluded, with the reason: the agent that took them could not send the packet. */
    int failSent(List<Long> ids, String reason);

    /**
     * DISPATCHED targets (left by an earlier version) an agent took but never reported, {@code reportWait} after
     * dispatch → SENT; those never handed to an agent, {@code interruptedAfter} after dispatch → FAILED.
     */
    int unreported(Duration reportWait, Duration interruptedAfter);

    /** The paths recorded at the hand-over of those of the ids that are SENT (read under the caller's locks). */
    Map<Long, WakePaths> pathsOfSent(List<Long> ids);

    /** The paths of those of the ids that are SENT, as their agent reported them (no state change). Returns how many. */
    int reportedPaths(List<Long> ids, WakePaths paths);

    /** SENT → AWAKE, concluded: their machines answered. */
    int awake(List<Long> ids);

    /** A job is cancelled: its QUEUED targets → SKIPPED, and its SENT ones end their verification, with the reasons. */
    int cancel(long jobId, String skippedReason, String concludedReason);

    /**
     * The targets of a job with these MACs (by the (mac, job_id) index), locked until the caller's transaction ends;
     * waits for a dispatcher that holds them.
     */
    List<Long> lockOfJob(long jobId, List<MacAddress> macs);

    /** As {@link #lockOfJob(long, List)}, only the targets handed to the agent at {@code sentBy}. */
    List<Long> lockOfJob(long jobId, List<MacAddress> macs, org.reveille.net.Ipv4Address sentBy);
}
