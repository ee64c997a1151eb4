package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.TargetResult;

/**
 * The state changes of wake targets while they travel to agents, each committed on its own (REQUIRES_NEW): a
 * target is DISPATCHED before its batch leaves, so that the agent's WAKE RESULT, which may arrive before the
 * dispatcher is done, always finds it; and a failed attempt is recorded even though the JMS delivery rolls back for
 * its redelivery. Bulk statements: a job may have 100,000 targets.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class WakeLedger {

    /** A target handed to an agent: what the WAKE BATCH needs. */
    public record Claimed(long id, MacAddress mac, Ipv4Address ip, String machineName) {
    }

    private static final int CHUNK = 1000;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Clock clock;

    /**
     * QUEUED → DISPATCHED for those of the ids still queued (not cancelled, not done by an earlier delivery). On a
     * redelivery ({@code redelivered}), also the targets an interrupted delivery claimed but never handed to an agent.
     */
    public List<Claimed> claim(List<Long> ids, boolean redelivered) {
        // millisecond precision: the claimed rows are found again by this exact time on every database
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        List<Claimed> claimed = new ArrayList<>();
        for (List<Long> chunk : chunks(ids)) {
            var query = em.createQuery("select t.id from WakeTarget t where t.id in :ids and (t.state = :queued"
                            + (redelivered ? " or t.state = :dispatched and t.sentBy is null)" : ")"), Long.class)
                    .setParameter("ids", chunk).setParameter("queued", TargetState.QUEUED);
            if (redelivered) {
                query.setParameter("dispatched", TargetState.DISPATCHED);
            }
            List<Long> queued = query.getResultList();
            if (queued.isEmpty()) {
                continue;
            }
            em.createQuery("update WakeTarget t set t.state = :dispatched, t.attempts = t.attempts + 1, t.dispatchedAt = :now, t.sentBy = null, t.sentAt = null, "
                            + "t.updatedAt = :now, t.version = t.version + 1 where t.id in :ids and t.state in :from")
                    .setParameter("dispatched", TargetState.DISPATCHED).setParameter("now", now).setParameter("ids", queued)
                    .setParameter("from", List.of(TargetState.QUEUED, TargetState.DISPATCHED)).executeUpdate();
            em.createQuery("select t.id, t.mac, t.ip, t.machineName from WakeTarget t where t.id in :ids and t.state = :dispatched "
                            + "and t.dispatchedAt = :now order by t.id", Object[].class)
                    .setParameter("ids", queued).setParameter("dispatched", TargetState.DISPATCHED).setParameter("now", now)
                    .getResultStream()
                    .forEach(row -> claimed.add(new Claimed((Long) row[0], (MacAddress) row[1], (Ipv4Address) row[2], (String) row[3])));
        }
        return claimed;
    }

    /** DISPATCHED → QUEUED after an attempt that reached no agent, with why. */
    public void release(List<Long> ids, String error) {
        update(ids, "t.state = :queued, t.lastError = :error", List.of(TargetState.DISPATCHED),
                Map.of("queued", TargetState.QUEUED, "error", truncate(error)));
    }

    /** Whatever is still queued or dispatched of these ids → FAILED with the reason. Returns how many. */
    public int fail(List<Long> ids, String reason) {
        return update(ids, "t.state = :failed, t.reason = :reason, t.concluded = true",
                List.of(TargetState.QUEUED, TargetState.DISPATCHED), Map.of("failed", TargetState.FAILED, "reason", truncate(reason)));
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
        List<Long> sent = targetsOf(jobId, sentMacs);
        // one statement, so that it sees the same row as deliveredBy's (which it may wait for): both decide on one version
        int moved = update(sent, "t.state = case when t.sentBy is not null then :sent else t.state end, t.sentAt = :now, t.lastError = null",
                List.of(TargetState.DISPATCHED), Map.of("sent", TargetState.SENT));
        Map<String, List<MacAddress>> failed = results.stream().filter(r -> r.outcome() == TargetResult.Outcome.FAILED)
                .collect(Collectors.groupingBy(r -> "agent " + agent + " could not send the magic packet: " + r.reason(),
                        Collectors.mapping(TargetResult::mac, Collectors.toList())));
        for (Map.Entry<String, List<MacAddress>> entry : failed.entrySet()) {
            moved += update(targetsOf(jobId, entry.getValue()), "t.state = :failed, t.reason = :reason, t.concluded = true",
                    List.of(TargetState.DISPATCHED), Map.of("failed", TargetState.FAILED, "reason", truncate(entry.getKey())));
        }
        return moved;
    }

    /**
     * The targets of a job with these MACs, found by the (mac, job_id) index. Kept apart from the state condition of
     * the update: with it, PostgreSQL chose the (job_id, state) index, whose statistics (taken while every target was
     * still queued) promised few dispatched rows, and walked thousands of them per result.
     */
    private List<Long> targetsOf(long jobId, List<MacAddress> macs) {
        List<Long> ids = new ArrayList<>(macs.size());
        for (List<MacAddress> chunk : chunks(macs)) {
            ids.addAll(em.createQuery("select t.id from WakeTarget t where t.mac in :macs and t.job.id = :job", Long.class)
                    .setParameter("macs", chunk).setParameter("job", jobId).getResultList());
        }
        return ids;
    }

    /**
     * Which agent took the batch of these targets (recorded after its ACK; the WAKE RESULT may come before or after).
     * Targets whose result came first (DISPATCHED with {@code sentAt}, see {@link #results}) become SENT now, in the
     * same transaction that records their agent.
     */
    public void deliveredBy(List<Long> ids, Ipv4Address agent) {
        Instant now = clock.instant();
        for (List<Long> chunk : chunks(ids)) {
            em.createQuery("update WakeTarget t set t.sentBy = :agent, t.state = case when t.state = :dispatched and t.sentAt is not null "
                            + "then :sent else t.state end, t.updatedAt = :now, t.version = t.version + 1 where t.id in :ids")
                    .setParameter("sent", TargetState.SENT).setParameter("agent", agent).setParameter("now", now)
                    .setParameter("ids", chunk).setParameter("dispatched", TargetState.DISPATCHED).executeUpdate();
        }
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

    private int update(List<Long> ids, String set, List<TargetState> from, Map<String, Object> parameters) {
        Instant now = clock.instant();
        int updated = 0;
        for (List<Long> chunk : chunks(ids)) {
            var query = em.createQuery("update WakeTarget t set " + set + ", t.updatedAt = :now, t.version = t.version + 1 "
                    + "where t.id in :ids and t.state in :from")
                    .setParameter("now", now).setParameter("ids", chunk).setParameter("from", from);
            parameters.forEach(query::setParameter);
            updated += query.executeUpdate();
        }
        return updated;
    }

    private static String truncate(String text) {
        return text == null ? null : text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }
}
