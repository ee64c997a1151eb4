package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.reveille.application.port.WakeTargets;
import org.reveille.application.port.WakeTargets.Claimed;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.TargetResult;

/**
 * The state changes of wake targets while they travel to agents, each committed on its own (REQUIRES_NEW), and
 * at most one write per target on its way to SENT (docs/reliability.md, "Wake targets"): the dispatcher locks a
 * chunk's queued targets without writing them, hands them to an agent while it holds the locks, and records the
 * agent that took them (SENT, sentBy) in one statement before it lets go. A cancel and the agent's WAKE RESULT wait
 * for those locks, so neither acts on a target whose batch is under way. A failed attempt is recorded even though the
 * JMS delivery rolls back for its redelivery. The statements are the repository's ({@link WakeTargets}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class WakeLedger {

    /** What an exchange with a subnet's agents made of a chunk: the agent that took it, or why none did. */
    public record Handover(Ipv4Address agent, String error) {
    }

    /** The targets of a chunk that were still queued (locked, handed over), and what became of them. */
    public record Handed(List<Claimed> targets, Handover handover) {
    }

    private static final Handed NOTHING = new Handed(List.of(), null);

    @Inject
    private WakeTargets targets;

    /**
     * Hands those of the ids still queued (not cancelled, not sent by an earlier delivery; on a redelivery,
     * {@code redelivered}, also those an interrupted delivery of an earlier version left DISPATCHED) to an agent, in
     * one transaction: locks them, runs {@code exchange} with them (the WAKE BATCH to the Primary, then the Alternate)
     * and, when an agent took them, makes them SENT by that agent in one write. Nothing still queued: no exchange.
     */
    public Handed handOver(List<Long> ids, boolean redelivered, Function<List<Claimed>, Handover> exchange) {
        List<Claimed> locked = targets.lockQueued(ids, redelivered);
        if (locked.isEmpty()) {
            return NOTHING;
        }
        Handover handover = exchange.apply(locked);
        if (handover.agent() != null) {
            targets.sent(locked.stream().map(Claimed::id).toList(), handover.agent());
        }
        return new Handed(locked, handover);
    }

    /** An attempt that reached no agent: those of the ids still queued keep waiting for the next, with why. */
    public void release(List<Long> ids, String error) {
        targets.attemptFailed(ids, error);
    }

    /** Whatever is still queued (or left dispatched) of these ids → FAILED with the reason. Returns how many. */
    public int fail(List<Long> ids, String reason) {
        return targets.fail(ids, reason);
    }

    /**
     * Per-target results of one WAKE BATCH, reported by the agent named {@code agent}. A target was SENT, with its
     * agent, when the agent took the batch (its ACK, which it sends after the broadcast): a success (SENT, or
     * DUPLICATE: sent by an earlier delivery) needs no write. A failure moves the SENT target to FAILED with the
     * agent's reason; its targets are locked first, so that a dispatcher still holding them (the result may arrive
     * before the dispatcher has committed) is waited for. Returns how many results were recorded: the successes and
     * the failures of targets found SENT.
     */
    public int results(long jobId, String agent, List<TargetResult> results) {
        int recorded = (int) results.stream().filter(r -> r.outcome() != TargetResult.Outcome.FAILED).count();
        Map<String, List<MacAddress>> failed = results.stream().filter(r -> r.outcome() == TargetResult.Outcome.FAILED)
                .collect(Collectors.groupingBy(r -> "agent " + agent + " could not send the magic packet: " + r.reason(),
                        Collectors.mapping(TargetResult::mac, Collectors.toList())));
        for (Map.Entry<String, List<MacAddress>> entry : failed.entrySet()) {
            recorded += targets.failSent(targets.lockOfJob(jobId, entry.getValue()), entry.getKey());
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
