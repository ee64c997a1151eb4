package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.reveille.application.port.WakeTargets;
import org.reveille.application.port.WakeTargets.Claimed;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.TargetResult;

/**
 * The state changes of wake targets while they travel to agents, each committed on its own (REQUIRES_NEW): a
 * target is DISPATCHED before its batch leaves, so that the agent's WAKE RESULT, which may arrive before the
 * dispatcher is done, always finds it; and a failed attempt is recorded even though the JMS delivery rolls back for
 * its redelivery. The statements are the repository's ({@link WakeTargets}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class WakeLedger {

    @Inject
    private WakeTargets targets;

    /**
     * QUEUED → DISPATCHED for those of the ids still queued (not cancelled, not done by an earlier delivery). On a
     * redelivery ({@code redelivered}), also the targets an interrupted delivery claimed but never handed to an agent.
     */
    public List<Claimed> claim(List<Long> ids, boolean redelivered) {
        return targets.claim(ids, redelivered);
    }

    /** DISPATCHED → QUEUED after an attempt that reached no agent, with why. */
    public void release(List<Long> ids, String error) {
        targets.release(ids, error);
    }

    /** Whatever is still queued or dispatched of these ids → FAILED with the reason. Returns how many. */
    public int fail(List<Long> ids, String reason) {
        return targets.fail(ids, reason);
    }

    /**
     * Per-target results of one WAKE BATCH, reported by the agent named {@code agent}: SENT (or DUPLICATE: sent by an
     * earlier delivery) and FAILED with the agent's reason. Only DISPATCHED targets of the job move. Returns how many
     * were recorded.
     *
     * <p>A target is never SENT without the agent that sent it ({@code sentBy}, which the dispatcher records from the
     * agent's ACK in {@link #deliveredBy}). The agent replies ACK and then sends its WAKE RESULT on another connection,
     * so the result may be handled before the dispatcher has recorded the ACK: such a target stays DISPATCHED with the
     * time of the report in {@code sentAt}, and {@link #deliveredBy} makes it SENT together with its agent, in one
     * write. No client (and no job count) ever sees a sent target whose sender is missing.
     */
    public int results(long jobId, String agent, List<TargetResult> results) {
        List<MacAddress> sentMacs = results.stream().filter(r -> r.outcome() != TargetResult.Outcome.FAILED).map(TargetResult::mac).toList();
        int moved = targets.reportedSent(targets.ofJob(jobId, sentMacs));
        Map<String, List<MacAddress>> failed = results.stream().filter(r -> r.outcome() == TargetResult.Outcome.FAILED)
                .collect(Collectors.groupingBy(r -> "agent " + agent + " could not send the magic packet: " + r.reason(),
                        Collectors.mapping(TargetResult::mac, Collectors.toList())));
        for (Map.Entry<String, List<MacAddress>> entry : failed.entrySet()) {
            moved += targets.failDispatched(targets.ofJob(jobId, entry.getValue()), entry.getKey());
        }
        return moved;
    }

    /**
     * Which agent took the batch of these targets (recorded after its ACK; the WAKE RESULT may come before or after).
     * Targets whose result came first (DISPATCHED with {@code sentAt}, see {@link #results}) become SENT now, in the
     * same transaction that records their agent.
     */
    public void deliveredBy(List<Long> ids, Ipv4Address agent) {
        targets.deliveredBy(ids, agent);
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
