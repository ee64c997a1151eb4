package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.domain.model.wake.WakeJobItem;
import org.reveille.domain.model.wake.WakeTarget;

/** Read side of wake jobs: a job with its counts per target state, its targets, and the list of jobs. */
@Stateless
public class WakeJobQuery {

    /** Targets per state; {@code notConfirmed} is the part of SENT whose verification ended without an answer. */
    public record Counts(Map<TargetState, Long> byState, long notConfirmed) {
        public long total() {
            return byState.values().stream().mapToLong(Long::longValue).sum();
        }

        public long of(TargetState state) {
            return byState.getOrDefault(state, 0L);
        }
    }

    public record JobView(WakeJob job, Counts counts) {
    }

    @PersistenceContext
    private EntityManager em;

    public Optional<JobView> job(long id) {
        WakeJob job = em.find(WakeJob.class, id);
        if (job == null) {
            return Optional.empty();
        }
        return Optional.of(new JobView(job, counts(List.of(id)).getOrDefault(id, empty())));
    }

    /** Whether the job exists, without counting its targets (what {@link #job} does). */
    public boolean exists(long id) {
        return em.find(WakeJob.class, id) != null;
    }

    public Page<JobView> jobs(WakeJob.State state, int offset, int limit) {
        String where = state == null ? "" : " where j.state = :state";
        var query = em.createQuery("select j from WakeJob j" + where + " order by j.id desc", WakeJob.class);
        var count = em.createQuery("select count(j) from WakeJob j" + where, Long.class);
        if (state != null) {
            query.setParameter("state", state);
            count.setParameter("state", state);
        }
        List<WakeJob> jobs = query.setFirstResult(offset).setMaxResults(limit).getResultList();
        Map<Long, Counts> counts = jobs.isEmpty() ? Map.of() : counts(jobs.stream().map(WakeJob::id).toList());
        return new Page<>(jobs.stream().map(j -> new JobView(j, counts.getOrDefault(j.id(), empty()))).toList(),
                count.getSingleResult(), offset, limit);
    }

    /** What a job asked for (names, resource ids, collections, MACs) in request order, paged: a bulk job may list 100,000. */
    public Page<WakeJobItem> items(long jobId, int offset, int limit) {
        List<WakeJobItem> items = em.createQuery("select i from WakeJob j join j.items i where j.id = :job order by index(i)", WakeJobItem.class)
                .setParameter("job", jobId).setFirstResult(offset).setMaxResults(limit).getResultList();
        long total = em.createQuery("select count(i) from WakeJob j join j.items i where j.id = :job", Long.class)
                .setParameter("job", jobId).getSingleResult();
        return new Page<>(items, total, offset, limit);
    }

    /**
     * Up to {@code limit} targets of the job with an id above {@code afterId}, by id: an export reads a 100,000-target
     * job in pages by key (the primary key), without counting or skipping rows page after page.
     */
    public List<WakeTarget> targetsAfter(long jobId, long afterId, int limit) {
        return em.createQuery("select t from WakeTarget t where t.job.id = :job and t.id > :after order by t.id", WakeTarget.class)
                .setParameter("job", jobId).setParameter("after", afterId).setMaxResults(limit).getResultList();
    }

    public Page<WakeTarget> targets(long jobId, TargetState state, int offset, int limit) {
        String where = " where t.job.id = :job" + (state == null ? "" : " and t.state = :state");
        // with a state, in the order of the (job_id, state, id) index, which then serves the page without a sort
        var query = em.createQuery("select t from WakeTarget t" + where + (state == null ? " order by t.id" : " order by t.job.id, t.state, t.id"),
                WakeTarget.class).setParameter("job", jobId);
        var count = em.createQuery("select count(t) from WakeTarget t" + where, Long.class).setParameter("job", jobId);
        if (state != null) {
            query.setParameter("state", state);
            count.setParameter("state", state);
        }
        return new Page<>(query.setFirstResult(offset).setMaxResults(limit).getResultList(), count.getSingleResult(), offset, limit);
    }

    private Map<Long, Counts> counts(List<Long> jobIds) {
        Map<Long, Map<TargetState, Long>> byJob = new HashMap<>();
        em.createQuery("select t.job.id, t.state, count(t) from WakeTarget t where t.job.id in :ids group by t.job.id, t.state", Object[].class)
                .setParameter("ids", jobIds).getResultStream()
                .forEach(row -> byJob.computeIfAbsent((Long) row[0], k -> new EnumMap<>(TargetState.class)).put((TargetState) row[1], (Long) row[2]));
        Map<Long, Long> notConfirmed = new HashMap<>();
        em.createQuery("select t.job.id, count(t) from WakeTarget t where t.job.id in :ids and t.state = :sent and t.concluded = true "
                        + "and t.job.verify = true group by t.job.id", Object[].class)
                .setParameter("ids", jobIds).setParameter("sent", TargetState.SENT).getResultStream()
                .forEach(row -> notConfirmed.put((Long) row[0], (Long) row[1]));
        Map<Long, Counts> counts = new HashMap<>();
        byJob.forEach((id, states) -> counts.put(id, new Counts(states, notConfirmed.getOrDefault(id, 0L))));
        return counts;
    }

    private static Counts empty() {
        return new Counts(new EnumMap<>(TargetState.class), 0);
    }
}
