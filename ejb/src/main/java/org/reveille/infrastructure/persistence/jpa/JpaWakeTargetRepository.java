package org.reveille.infrastructure.persistence.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reveille.application.port.WakeTargets;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * The wake targets' state changes as bulk JPQL statements (docs/architecture.md, "Ports"), in the caller's
 * transaction. Every statement that changes a state goes through {@link #transition}, which refuses a change
 * {@link TargetState} does not declare and stamps the rows (updatedAt, version) in one place. Id lists are cut in
 * chunks of {@value #CHUNK} (the databases' limits on IN lists).
 */
@ApplicationScoped
public class JpaWakeTargetRepository implements WakeTargets {

    private static final int CHUNK = 1000;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Clock clock;

    @Override
    public List<Claimed> claim(List<Long> ids, boolean redelivered) {
        // millisecond precision: the claimed rows are found again by this exact time on every database
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
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
            transition(queued, EnumSet.of(TargetState.QUEUED, TargetState.DISPATCHED), TargetState.DISPATCHED,
                    "t.attempts = t.attempts + 1, t.dispatchedAt = :now, t.sentBy = null, t.sentAt = null", Map.of(), now);
            em.createQuery("select t.id, t.mac, t.ip, t.machineName from WakeTarget t where t.id in :ids and t.state = :dispatched "
                            + "and t.dispatchedAt = :now order by t.id", Object[].class)
                    .setParameter("ids", queued).setParameter("dispatched", TargetState.DISPATCHED).setParameter("now", now)
                    .getResultStream()
                    .forEach(row -> claimed.add(new Claimed((Long) row[0], (MacAddress) row[1], (Ipv4Address) row[2], (String) row[3])));
        }
        return claimed;
    }

    @Override
    public int release(List<Long> ids, String error) {
        return transition(ids, EnumSet.of(TargetState.DISPATCHED), TargetState.QUEUED, "t.lastError = :error",
                Map.of("error", truncate(error)), clock.instant());
    }

    @Override
    public int fail(List<Long> ids, String reason) {
        return transition(ids, EnumSet.of(TargetState.QUEUED, TargetState.DISPATCHED), TargetState.FAILED,
                "t.reason = :reason, t.concluded = true", Map.of("reason", truncate(reason)), clock.instant());
    }

    @Override
    public int failDispatched(List<Long> ids, String reason) {
        return transition(ids, EnumSet.of(TargetState.DISPATCHED), TargetState.FAILED,
                "t.reason = :reason, t.concluded = true", Map.of("reason", truncate(reason)), clock.instant());
    }

    @Override
    public int reportedSent(List<Long> ids) {
        // one statement, so that it sees the same row as deliveredBy's (which it may wait for): both decide on one version
        return conditionalSent(ids, "t.sentBy is not null", "t.sentAt = :now, t.lastError = null", Map.of());
    }

    @Override
    public int deliveredBy(List<Long> ids, Ipv4Address agent) {
        // the agent is recorded whatever the state (a target it reported failed took its batch too)
        TargetState.requireTransitions(EnumSet.of(TargetState.DISPATCHED), TargetState.SENT);
        Instant now = clock.instant();
        int updated = 0;
        for (List<Long> chunk : chunks(ids)) {
            updated += bulk("t.sentBy = :agent, t.state = case when t.state = :dispatched and t.sentAt is not null then :sent else t.state end",
                    "t.id in :ids", Map.of("agent", agent, "dispatched", TargetState.DISPATCHED, "sent", TargetState.SENT, "ids", chunk), now);
        }
        return updated;
    }

    @Override
    public int unreported(Duration reportWait, Duration interruptedAfter) {
        Instant now = clock.instant();
        TargetState.requireTransitions(EnumSet.of(TargetState.DISPATCHED), TargetState.SENT);
        TargetState.requireTransitions(EnumSet.of(TargetState.DISPATCHED), TargetState.FAILED);
        int sent = bulk("t.state = :to, t.sentAt = :now, t.reason = :reason",
                "t.state = :from and t.sentBy is not null and t.dispatchedAt < :cutoff",
                Map.of("to", TargetState.SENT, "from", TargetState.DISPATCHED, "cutoff", now.minus(reportWait),
                        "reason", "the agent took the batch but did not report this target"), now);
        int failed = bulk("t.state = :to, t.reason = :reason, t.concluded = true",
                "t.state = :from and t.sentBy is null and t.dispatchedAt < :cutoff",
                Map.of("to", TargetState.FAILED, "from", TargetState.DISPATCHED, "cutoff", now.minus(interruptedAfter),
                        "reason", "the dispatch of this target was interrupted (server stopped?) and not resumed"), now);
        return sent + failed;
    }

    @Override
    public int awake(List<Long> ids) {
        return transition(ids, EnumSet.of(TargetState.SENT), TargetState.AWAKE, "t.reason = null, t.concluded = true", Map.of(),
                clock.instant());
    }

    @Override
    public int cancel(long jobId, String skippedReason, String concludedReason) {
        Instant now = clock.instant();
        TargetState.requireTransitions(EnumSet.of(TargetState.QUEUED), TargetState.SKIPPED);
        int cancelled = bulk("t.state = :to, t.reason = :reason, t.concluded = true", "t.job.id = :job and t.state = :from",
                Map.of("to", TargetState.SKIPPED, "from", TargetState.QUEUED, "job", jobId, "reason", skippedReason), now);
        bulk("t.concluded = true, t.reason = :reason", "t.job.id = :job and t.state = :sent and t.concluded = false",
                Map.of("sent", TargetState.SENT, "job", jobId, "reason", concludedReason), now);
        return cancelled;
    }

    /**
     * The targets of a job with these MACs, found by the (mac, job_id) index. Kept apart from the state condition of
     * the update: with it, PostgreSQL chose the (job_id, state) index, whose statistics (taken while every target was
     * still queued) promised few dispatched rows, and walked thousands of them per result.
     */
    @Override
    public List<Long> ofJob(long jobId, List<MacAddress> macs) {
        List<Long> ids = new ArrayList<>(macs.size());
        for (List<MacAddress> chunk : chunks(macs)) {
            ids.addAll(em.createQuery("select t.id from WakeTarget t where t.mac in :macs and t.job.id = :job", Long.class)
                    .setParameter("macs", chunk).setParameter("job", jobId).getResultList());
        }
        return ids;
    }

    /**
     * Reported DISPATCHED targets become SENT only with their agent recorded (see {@link #deliveredBy}): the agent's
     * report and the record of the agent that took the batch meet, in either order, in one write.
     */
    private int conditionalSent(List<Long> ids, String condition, String set, Map<String, Object> parameters) {
        TargetState.requireTransitions(EnumSet.of(TargetState.DISPATCHED), TargetState.SENT);
        Instant now = clock.instant();
        Map<String, Object> all = new HashMap<>(parameters);
        all.put("sent", TargetState.SENT);
        all.put("dispatched", TargetState.DISPATCHED);
        int updated = 0;
        for (List<Long> chunk : chunks(ids)) {
            all.put("ids", chunk);
            updated += bulk("t.state = case when " + condition + " then :sent else t.state end, " + set,
                    "t.id in :ids and t.state = :dispatched", all, now);
        }
        return updated;
    }

    /** Moves the ids that are in one of {@code from} to {@code to}, setting {@code set} too. Returns how many moved. */
    private int transition(List<Long> ids, Set<TargetState> from, TargetState to, String set, Map<String, Object> parameters,
                           Instant now) {
        TargetState.requireTransitions(from, to);
        Map<String, Object> all = new HashMap<>(parameters);
        all.put("to", to);
        all.put("from", List.copyOf(from));
        int updated = 0;
        for (List<Long> chunk : chunks(ids)) {
            all.put("ids", chunk);
            updated += bulk("t.state = :to" + (set.isEmpty() ? "" : ", " + set), "t.id in :ids and t.state in :from", all, now);
        }
        return updated;
    }

    /** The one bulk update of wake targets: every write stamps updatedAt and the version. */
    private int bulk(String set, String where, Map<String, Object> parameters, Instant now) {
        Query query = em.createQuery("update WakeTarget t set " + set + ", t.updatedAt = :now, t.version = t.version + 1 where " + where)
                .setParameter("now", now);
        parameters.forEach(query::setParameter);
        return query.executeUpdate();
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
