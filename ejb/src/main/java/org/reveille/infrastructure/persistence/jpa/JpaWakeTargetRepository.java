package org.reveille.infrastructure.persistence.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reveille.application.port.WakeTargets;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.domain.model.wake.WakePaths;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * The wake targets' state changes as bulk JPQL statements (docs/architecture.md, "Ports"), in the caller's
 * transaction. Every statement that changes a state goes through {@link #transition}, which refuses a change
 * {@link TargetState} does not declare and stamps the rows (updatedAt, version) in one place. The dispatcher, the
 * agents' results and a cancel lock the targets they decide on (SELECT ... FOR UPDATE, always in id order) before
 * they write, so that none of them acts on a state another is about to change (docs/reliability.md, "Wake targets").
 * Id lists are cut in chunks of {@value #CHUNK} (the databases' limits on IN lists).
 */
@ApplicationScoped
public class JpaWakeTargetRepository implements WakeTargets {

    private static final int CHUNK = 1000;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Clock clock;

    @Override
    public List<Claimed> queued(List<Long> ids, boolean redelivered) {
        List<Claimed> queued = new ArrayList<>();
        for (List<Long> chunk : chunks(ids)) {
            queued.addAll(claimed(stillQueued(redelivered), stillQueuedParameters(chunk, redelivered)));
        }
        return queued;
    }

    @Override
    public int sent(List<Long> ids, boolean redelivered, Ipv4Address agent, WakePaths paths, String reason, Instant at) {
        TargetState.requireTransitions(redelivered ? EnumSet.of(TargetState.QUEUED, TargetState.DISPATCHED) : EnumSet.of(TargetState.QUEUED),
                TargetState.SENT);
        int updated = 0;
        for (List<Long> chunk : chunks(ids)) {
            // the condition of queued(): what the read found and nobody changed since
            Map<String, Object> parameters = stillQueuedParameters(chunk, redelivered);
            parameters.put("to", TargetState.SENT);
            parameters.put("paths", paths.text());
            if (agent != null) {
                parameters.put("agent", agent);
            }
            if (reason != null) {
                parameters.put("reason", truncate(reason));
            }
            updated += bulk("t.state = :to, t.sentBy = " + (agent == null ? "null" : ":agent") + ", t.sentAt = :now, t.dispatchedAt = :now,"
                    + " t.attempts = t.attempts + 1, t.lastError = null, t.paths = :paths, t.reason = " + (reason == null ? "null" : ":reason"),
                    stillQueued(redelivered), parameters, at);
        }
        return updated;
    }

    @Override
    public List<Claimed> sentAt(List<Long> ids, Ipv4Address agent, Instant at) {
        List<Claimed> sent = new ArrayList<>();
        for (List<Long> chunk : chunks(ids)) {
            sent.addAll(agent == null
                    ? claimed("t.id in :ids and t.state = :sent and t.sentBy is null and t.sentAt = :at",
                            Map.of("ids", chunk, "sent", TargetState.SENT, "at", at))
                    : claimed("t.id in :ids and t.state = :sent and t.sentBy = :agent and t.sentAt = :at",
                            Map.of("ids", chunk, "sent", TargetState.SENT, "agent", agent, "at", at)));
        }
        return sent;
    }

    /**
     * Targets of {@code :ids} still to be handed to an agent: QUEUED, and with {@code redelivered} also DISPATCHED ones
     * no agent took (left by an interrupted delivery of an earlier version).
     */
    private static String stillQueued(boolean redelivered) {
        return "t.id in :ids and (t.state = :queued" + (redelivered ? " or t.state = :dispatched and t.sentBy is null)" : ")");
    }

    private static Map<String, Object> stillQueuedParameters(List<Long> ids, boolean redelivered) {
        Map<String, Object> parameters = new HashMap<>(Map.of("ids", ids, "queued", TargetState.QUEUED));
        if (redelivered) {
            parameters.put("dispatched", TargetState.DISPATCHED);
        }
        return parameters;
    }

    /** The targets {@code where} selects, as a WAKE BATCH needs them, in id order. */
    private List<Claimed> claimed(String where, Map<String, Object> parameters) {
        TypedQuery<Object[]> query = em.createQuery("select t.id, t.mac, t.ip, t.machineName from WakeTarget t where " + where + " order by t.id",
                Object[].class);
        parameters.forEach(query::setParameter);
        List<Claimed> claimed = new ArrayList<>();
        for (Object[] row : query.getResultList()) {
            claimed.add(new Claimed((Long) row[0], (MacAddress) row[1], (Ipv4Address) row[2], (String) row[3]));
        }
        return claimed;
    }

    @Override
    public int attemptFailed(List<Long> ids, String error) {
        // no state change: the targets stay QUEUED (legacy DISPATCHED ones go back to QUEUED) for the next attempt
        TargetState.requireTransitions(EnumSet.of(TargetState.DISPATCHED), TargetState.QUEUED);
        Instant now = clock.instant();
        int updated = 0;
        for (List<Long> chunk : chunks(ids)) {
            updated += bulk("t.state = :queued, t.attempts = t.attempts + 1, t.lastError = :error",
                    "t.id in :ids and (t.state = :queued or t.state = :dispatched and t.sentBy is null)",
                    Map.of("queued", TargetState.QUEUED, "dispatched", TargetState.DISPATCHED, "error", truncate(error), "ids", chunk), now);
        }
        return updated;
    }

    @Override
    public int fail(List<Long> ids, String reason) {
        return transition(ids, EnumSet.of(TargetState.QUEUED, TargetState.DISPATCHED), TargetState.FAILED,
                "t.reason = :reason, t.concluded = true", Map.of("reason", truncate(reason)), clock.instant());
    }

    @Override
    public int failSent(List<Long> ids, String reason) {
        return transition(ids, EnumSet.of(TargetState.SENT), TargetState.FAILED,
                "t.reason = :reason, t.concluded = true", Map.of("reason", truncate(reason)), clock.instant());
    }

    @Override
    public int unreported(Duration reportWait, Duration interruptedAfter) {
        Instant now = clock.instant();
        TargetState.requireTransitions(EnumSet.of(TargetState.DISPATCHED), TargetState.SENT);
        TargetState.requireTransitions(EnumSet.of(TargetState.DISPATCHED), TargetState.FAILED);
        // by job, through the (job_id, state) index: only unfinished jobs can have targets in flight
        List<Long> jobs = em.createQuery("select j.id from WakeJob j where j.finishedAt is null", Long.class).getResultList();
        int moved = 0;
        for (List<Long> chunk : chunks(jobs)) {
            moved += bulk("t.state = :to, t.sentAt = :now, t.reason = :reason",
                    "t.job.id in :jobs and t.state = :from and t.sentBy is not null and t.dispatchedAt < :cutoff",
                    Map.of("to", TargetState.SENT, "from", TargetState.DISPATCHED, "cutoff", now.minus(reportWait), "jobs", chunk,
                            "reason", "the agent took the batch but did not report this target"), now);
            moved += bulk("t.state = :to, t.reason = :reason, t.concluded = true",
                    "t.job.id in :jobs and t.state = :from and t.sentBy is null and t.dispatchedAt < :cutoff",
                    Map.of("to", TargetState.FAILED, "from", TargetState.DISPATCHED, "cutoff", now.minus(interruptedAfter), "jobs", chunk,
                            "reason", "the dispatch of this target was interrupted (server stopped?) and not resumed"), now);
        }
        return moved;
    }

    @Override
    public Map<Long, WakePaths> pathsOfSent(List<Long> ids) {
        Map<Long, WakePaths> paths = new HashMap<>();
        for (List<Long> chunk : chunks(ids)) {
            for (Object[] row : em.createQuery("select t.id, t.paths from WakeTarget t where t.id in :ids and t.state = :sent and t.paths is not null",
                    Object[].class).setParameter("ids", chunk).setParameter("sent", TargetState.SENT).getResultList()) {
                paths.put((Long) row[0], WakePaths.parse((String) row[1]));
            }
        }
        return paths;
    }

    @Override
    public int reportedPaths(List<Long> ids, WakePaths paths) {
        int updated = 0;
        for (List<Long> chunk : chunks(ids)) {
            updated += bulk("t.paths = :paths", "t.id in :ids and t.state = :sent",
                    Map.of("paths", paths.text(), "ids", chunk, "sent", TargetState.SENT), clock.instant());
        }
        return updated;
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
        // first lock them in id order, as the dispatcher does: a chunk it is handing to an agent is waited for (and
        // then found SENT, not skipped), and the two never deadlock
        em.createNativeQuery("select id from wake_target where job_id = :job and state = :queued order by id for update")
                .setParameter("job", jobId).setParameter("queued", TargetState.QUEUED.name()).getResultList();
        int cancelled = bulk("t.state = :to, t.reason = :reason, t.concluded = true", "t.job.id = :job and t.state = :from",
                Map.of("to", TargetState.SKIPPED, "from", TargetState.QUEUED, "job", jobId, "reason", skippedReason), now);
        bulk("t.concluded = true, t.reason = :reason", "t.job.id = :job and t.state = :sent and t.concluded = false",
                Map.of("sent", TargetState.SENT, "job", jobId, "reason", concludedReason), now);
        return cancelled;
    }

    /**
     * The targets of a job with these MACs, found by the (mac, job_id) index, locked in id order: a dispatcher that
     * holds them (it is handing them to an agent) is waited for, so that what is read next is what it committed. Kept
     * apart from the state condition of the update: with it, PostgreSQL chose the (job_id, state) index, whose
     * statistics (taken while every target was still queued) promised few rows in the state, and walked thousands.
     */
    @Override
    public List<Long> lockOfJob(long jobId, List<MacAddress> macs) {
        return lockOfJob(jobId, macs, null);
    }

    @Override
    public List<Long> lockOfJob(long jobId, List<MacAddress> macs, org.reveille.net.Ipv4Address sentBy) {
        List<Long> ids = new ArrayList<>(macs.size());
        for (List<MacAddress> chunk : chunks(macs)) {
            jakarta.persistence.Query query = em.createNativeQuery("select id from wake_target where mac in (:macs) and job_id = :job"
                    + (sentBy == null ? "" : " and sent_by = :by") + " order by id for update")
                    .setParameter("macs", chunk.stream().map(MacAddress::toString).toList()).setParameter("job", jobId);
            if (sentBy != null) {
                query.setParameter("by", sentBy.toString());
            }
            for (Object id : query.getResultList()) {
                ids.add(((Number) id).longValue());
            }
        }
        return ids;
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
