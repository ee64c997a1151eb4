package org.reveille.application;

import jakarta.ejb.ApplicationException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.reveille.application.port.WakeTargets;
import org.reveille.application.port.WakeTargets.Claimed;
import org.reveille.domain.model.wake.WakePaths;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.TargetResult;

/**
 * The state changes of wake targets while they travel to agents, each committed on its own (REQUIRES_NEW), and
 * at most one write per target on its way to SENT (docs/reliability.md, "Wake targets"): the dispatcher reads a
 * chunk's queued targets, makes them SENT by the agent it is about to hand them to in one statement (which also locks
 * them), hands them over while it holds those locks, and commits when the agent took them or rolls back when it did
 * not ({@link NotTaken}): a refused attempt leaves no write behind. A cancel and the agent's WAKE RESULT wait for
 * those locks, so neither acts on a target whose batch is under way. The statements are the repository's
 * ({@link WakeTargets}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class WakeLedger {

    /** What an exchange with a subnet's agents made of a chunk: the agent that took it, or why none did. */
    public record Handover(Ipv4Address agent, String error) {
    }

    /** The targets of a chunk that were still queued (handed over, or offered), and what became of them. */
    public record Handed(List<Claimed> targets, Handover handover) {
    }

    /**
     * The agent did not take the chunk: its transaction rolls back (the container does so for this exception, and
     * rethrows it as it is), so that the targets stay as they were, queued.
     */
    @ApplicationException(rollback = true)
    public static final class NotTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<Claimed> targets;

        public NotTaken(List<Claimed> targets, String error) {
            super(error, null, false, false);
            this.targets = List.copyOf(targets);
        }

        /** The targets that were offered to the agent. */
        public List<Claimed> targets() {
            return targets;
        }
    }

    private static final Handed NOTHING = new Handed(List.of(), null);

    @Inject
    private WakeTargets targets;

    @Inject
    private Clock clock;

    @Inject
    private org.reveille.application.port.Telemetry telemetry;

    /**
     * Hands those of the ids still queued (not cancelled, not sent by an earlier delivery; on a redelivery,
     * {@code redelivered}, also those an interrupted delivery of an earlier version left DISPATCHED) to {@code agent},
     * in one transaction: makes them SENT by the agent along {@code paths} (one write, which locks them), runs
     * {@code exchange} with them (the WAKE BATCH; it returns null when the agent took it, or why not) and commits. When the agent did not take
     * them it throws {@link NotTaken}, and the transaction rolls back. Nothing still queued: no exchange.
     */
    public Handed handOver(List<Long> ids, boolean redelivered, Ipv4Address agent, WakePaths paths, Instant due,
                           Function<List<Claimed>, String> exchange) {
        return handOver(ids, redelivered, agent, paths, null, due, exchange);
    }

    /**
     * As {@link #handOver(List, boolean, Ipv4Address, WakePaths, Instant, Function)}, with {@code reason} recorded on
     * the targets (which path took them, for those the server sent itself); {@code agent} is null for those.
     */
    public Handed handOver(List<Long> ids, boolean redelivered, Ipv4Address agent, WakePaths paths, String reason, Instant due,
                           Function<List<Claimed>, String> exchange) {
        List<Claimed> queued = targets.queued(ids, redelivered);
        if (queued.isEmpty()) {
            return NOTHING;
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Long> queuedIds = queued.stream().map(Claimed::id).toList();
        int sent = targets.sent(queuedIds, redelivered, agent, paths, reason, at);
        if (sent != queued.size()) {
            // some changed between the read and the write (a cancel, another delivery): offer those this write took
            queued = targets.sentAt(queuedIds, agent, at);
            if (queued.isEmpty()) {
                return NOTHING;
            }
        }
        String error = exchange.apply(queued);
        if (error != null) {
            throw new NotTaken(queued, error);
        }
        telemetry.targets(org.reveille.domain.model.wake.TargetState.SENT, null, queued.size());
        telemetry.dispatched(java.time.Duration.between(due, at), queued.size());
        return new Handed(queued, new Handover(agent, null));
    }

    /** Those of the ids still to be handed over (as {@link #handOver} finds them), read without a lock. */
    public List<Claimed> stillQueued(List<Long> ids, boolean redelivered) {
        return targets.queued(ids, redelivered);
    }

    /** An attempt that reached no agent: those of the ids still queued keep waiting for the next, with why. */
    public void release(List<Long> ids, String error) {
        targets.attemptFailed(ids, error);
    }

    /** Whatever is still queued (or left dispatched) of these ids → FAILED with the reason (counted as {@code category}). Returns how many. */
    public int fail(List<Long> ids, String reason, String category) {
        int failed = targets.fail(ids, reason);
        telemetry.targets(org.reveille.domain.model.wake.TargetState.FAILED, category, failed);
        return failed;
    }

    /**
     * Per-target results of one WAKE BATCH, reported by the agent named {@code agent}. A target was SENT, with its
     * agent, when the agent took the batch (its ACK, which it sends after the broadcast): a success (SENT, or
     * DUPLICATE: sent by an earlier delivery) needs no write. A failure moves the SENT target to FAILED with the
     * agent's reason; its targets are locked first, so that a dispatcher still holding them (the result may arrive
     * before the dispatcher has committed) is waited for. Returns how many results were recorded: the successes and
     * the failures of targets found SENT. A batch that named {@code pairedCount} paired broadcasts: a success whose
     * packets did not go to all of them has its paths rewritten, saying which did not ({@link WakePaths#reported}).
     */
    public int results(long jobId, String agent, List<TargetResult> results, int pairedCount) {
        return results(jobId, agent, null, results, pairedCount, false);
    }

    /**
     * As {@link #results(long, String, List, int)}, from an enrolled agent ({@code sentBy}, its address): only targets
     * handed to that agent are changed, so that an agent cannot report failures for targets another agent was sent.
     * {@code link}: the batch asked for the agent's IPv6 link (protocol version 4); a success whose packets did not go
     * there has its link path marked not sent.
     */
    public int results(long jobId, String agent, Ipv4Address sentBy, List<TargetResult> results, int pairedCount, boolean link) {
        int recorded = (int) results.stream().filter(r -> r.outcome() != TargetResult.Outcome.FAILED).count();
        Map<String, List<MacAddress>> failed = results.stream().filter(r -> r.outcome() == TargetResult.Outcome.FAILED)
                .collect(Collectors.groupingBy(r -> "agent " + agent + " could not send the magic packet: " + r.reason(),
                        Collectors.mapping(TargetResult::mac, Collectors.toList())));
        for (Map.Entry<String, List<MacAddress>> entry : failed.entrySet()) {
            int n = targets.failSent(sentBy == null ? targets.lockOfJob(jobId, entry.getValue())
                    : targets.lockOfJob(jobId, entry.getValue(), sentBy), entry.getKey());
            telemetry.targets(org.reveille.domain.model.wake.TargetState.FAILED, "agent-could-not-send", n);
            recorded += n;
        }
        int allPaired = (1 << pairedCount) - 1;
        // a success that missed a path, grouped by what it missed: (pairedSent, linkSent)
        Map<List<Integer>, List<MacAddress>> partly = results.stream()
                .filter(r -> r.outcome() == TargetResult.Outcome.SENT && (r.pairedSent() != allPaired || link && !r.linkSent()))
                .collect(Collectors.groupingBy(r -> List.of(r.pairedSent(), r.linkSent() ? 1 : 0),
                        Collectors.mapping(TargetResult::mac, Collectors.toList())));
        for (Map.Entry<List<Integer>, List<MacAddress>> entry : partly.entrySet()) {
            List<Long> ids = sentBy == null ? targets.lockOfJob(jobId, entry.getValue()) : targets.lockOfJob(jobId, entry.getValue(), sentBy);
            int pairedSent = entry.getKey().get(0);
            boolean linkSent = entry.getKey().get(1) == 1;
            Map<WakePaths, List<Long>> reported = targets.pathsOfSent(ids).entrySet().stream().collect(Collectors.groupingBy(
                    e -> e.getValue().reported(pairedSent, linkSent), Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
            reported.forEach((paths, of) -> targets.reportedPaths(of, paths));
        }
        return recorded;
    }

    /** The job id of a WAKE BATCH's job key ({@code job-<id>/<round>}), empty for keys this server did not make. */
    public static Optional<Long> jobIdOf(String key) {
        if (key == null || !key.startsWith("job-")) {
            return Optional.empty();
        }
        int slash = key.indexOf('/');
        try {
            return Optional.of(Long.parseLong(key.substring(4, slash < 0 ? key.length() : slash)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static String keyOf(long jobId, int round) {
        return "job-" + jobId + "/" + round;
    }
}
