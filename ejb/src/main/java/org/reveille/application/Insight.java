package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.insight.CoverageSample;
import org.reveille.domain.model.insight.EstateCensus;
import org.reveille.domain.model.subnet.SubnetState;
import org.reveille.domain.model.wake.TargetReason;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.logging.ReveilleLogger;

/**
 * What the estate looks like now and looked like over time (docs/architecture.md, "Insight"): the census the metrics'
 * gauges show, and the hourly coverage history the console's dashboard draws and the API exports.
 */
@Stateless
public class Insight {

    /** The longest span one coverage query returns (hourly rows). */
    public static final Duration MAX_SPAN = Duration.ofDays(400);

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Clock clock;

    /** The estate counted now: a few group-by queries. */
    public EstateCensus census() {
        Map<SubnetState, Long> byState = new EnumMap<>(SubnetState.class);
        for (SubnetState state : SubnetState.values()) {
            byState.put(state, 0L);
        }
        em.createQuery("select s.state, count(s) from Subnet s group by s.state", Object[].class).getResultStream()
                .forEach(r -> byState.put((SubnetState) r[0], (Long) r[1]));
        long both = 0;
        long one = 0;
        for (Long proxies : em.createQuery("select count(a) from Agent a where a.proxyRole in ('PRIMARY', 'ALTERNATE') "
                + "and a.subnet.state <> :unreachable group by a.subnet.id", Long.class)
                .setParameter("unreachable", SubnetState.UNREACHABLE).getResultList()) {
            if (proxies >= 2) {
                both++;
            } else {
                one++;
            }
        }
        Map<AgentRole, Long> byRole = new EnumMap<>(AgentRole.class);
        for (AgentRole role : AgentRole.values()) {
            byRole.put(role, 0L);
        }
        em.createQuery("select a.proxyRole, count(a) from Agent a group by a.proxyRole", Object[].class).getResultStream()
                .forEach(r -> byRole.merge(r[0] == null ? AgentRole.MEMBER : AgentRole.valueOf((String) r[0]), (Long) r[1], Long::sum));
        long subnets = byState.values().stream().mapToLong(Long::longValue).sum();
        long unreachable = byState.get(SubnetState.UNREACHABLE);
        long degraded = em.createQuery("select count(s) from Subnet s where s.degradedSince is not null", Long.class).getSingleResult();
        return new EstateCensus(byState, both, one, Math.max(0, subnets - unreachable - both - one), unreachable, byRole, degraded);
    }

    /** Writes this hour's coverage sample unless one exists; whether it wrote one. */
    public boolean recordCoverage() {
        Instant now = clock.instant();
        if (em.find(CoverageSample.class, now.truncatedTo(ChronoUnit.HOURS)) != null) {
            return false;
        }
        em.persist(new CoverageSample(now, census(), ServerNode.name()));
        em.flush();
        return true;
    }

    /** The hourly samples from {@code from} (inclusive) to {@code to} (exclusive), oldest first. */
    public List<CoverageSample> coverage(Instant from, Instant to) {
        return em.createQuery("select c from CoverageSample c where c.hour >= :from and c.hour < :to order by c.hour", CoverageSample.class)
                .setParameter("from", from).setParameter("to", to).getResultList();
    }

    /** Removes the history older than {@code retention}: coverage samples before it, daily rows of the days before its day; how many rows. */
    public int applyRetention(Duration retention) {
        Instant before = clock.instant().minus(retention);
        LocalDate day = before.atZone(ZoneOffset.UTC).toLocalDate();
        int removed = em.createQuery("delete from CoverageSample c where c.hour < :before").setParameter("before", before).executeUpdate();
        for (String table : List.of("wake_outcome_day", "wake_latency_day", "subnet_failure_day")) {
            removed += em.createNativeQuery("delete from " + table + " where on_day < ?1").setParameter(1, day).executeUpdate();
        }
        if (removed > 0) {
            ReveilleLogger.LOG.historyPurged(removed, before.toString(), retention.toDays());
        }
        return removed;
    }

    public Instant now() {
        return clock.instant();
    }

    // ---- wake outcomes, rolled up per job ----

    /** Bucket bounds of the latency history, in seconds; a target slower than the last is counted under 0. */
    public static final int[] LATENCY_BOUNDS = {5, 15, 30, 60, 120, 300, 600, 1800, 3600};

    /** Per day and outcome, the targets by reason category. */
    public record OutcomeDay(LocalDate day, String outcome, String reason, long targets) {
    }

    /** Targets per latency bucket ({@code upperSeconds} 0: slower than the last bound). */
    public record LatencyBucket(String kind, int upperSeconds, long targets) {
    }

    /** A subnet and its failed targets. */
    public record SubnetFailures(String subnet, long failed) {
    }

    /**
     * Adds a finished job to the daily history, in the caller's transaction (the one that finishes the job): its
     * targets by outcome and reason category, the time from due to sent and to awake, its failures per subnet. The day
     * is the UTC day the job was due. Two writers of one day's row: the loser's unique key violation rolls its
     * transaction back, and the job is finished (and rolled up) again by its next look.
     */
    public void rollUp(WakeJob job) {
        Instant due = job.notBefore() != null && job.notBefore().isAfter(job.createdAt()) ? job.notBefore() : job.createdAt();
        LocalDate day = due.atZone(ZoneOffset.UTC).toLocalDate();
        Map<List<String>, Long> outcomes = new HashMap<>();
        em.createQuery("select t.state, t.reason, count(t) from WakeTarget t where t.job.id = :job group by t.state, t.reason", Object[].class)
                .setParameter("job", job.id()).getResultStream().forEach(r -> {
                    TargetState state = (TargetState) r[0];
                    String reason = (String) r[1];
                    outcomes.merge(List.of(TargetReason.outcome(state, reason), TargetReason.category(state, reason)), (Long) r[2], Long::sum);
                });
        outcomes.forEach((key, n) -> add("update wake_outcome_day set targets = targets + ?1 where on_day = ?2 and state = ?3 and reason = ?4",
                "insert into wake_outcome_day (targets, on_day, state, reason) values (?1, ?2, ?3, ?4)", n, day, key.get(0), key.get(1)));
        latency(job.id(), day, due, "sent", "t.sentAt", "t.sentAt is not null");
        if (job.verify()) {
            latency(job.id(), day, due, "awake", "t.updatedAt", "t.state = org.reveille.domain.model.wake.TargetState.AWAKE");
        }
        em.createQuery("select t.subnet, count(t) from WakeTarget t where t.job.id = :job and t.state = :failed and t.subnet is not null "
                        + "group by t.subnet", Object[].class)
                .setParameter("job", job.id()).setParameter("failed", TargetState.FAILED).getResultStream()
                .forEach(r -> add("update subnet_failure_day set failed = failed + ?1 where on_day = ?2 and subnet = ?3",
                        "insert into subnet_failure_day (failed, on_day, subnet) values (?1, ?2, ?3)", (Long) r[1], day, r[0].toString()));
    }

    private void latency(long jobId, LocalDate day, Instant due, String kind, String at, String condition) {
        StringBuilder select = new StringBuilder("select count(t)");
        for (int i = 0; i < LATENCY_BOUNDS.length; i++) {
            select.append(", sum(case when ").append(at).append(" < :b").append(i).append(" then 1 else 0 end)");
        }
        var query = em.createQuery(select + " from WakeTarget t where t.job.id = :job and " + condition, Object[].class).setParameter("job", jobId);
        for (int i = 0; i < LATENCY_BOUNDS.length; i++) {
            query.setParameter("b" + i, due.plusSeconds(LATENCY_BOUNDS[i]));
        }
        Object[] row = query.getSingleResult();
        long total = ((Number) row[0]).longValue();
        long below = 0;
        for (int i = 0; i < LATENCY_BOUNDS.length; i++) {
            long cumulative = row[i + 1] == null ? 0 : ((Number) row[i + 1]).longValue();
            bucket(day, kind, LATENCY_BOUNDS[i], cumulative - below);
            below = cumulative;
        }
        bucket(day, kind, 0, total - below);
    }

    private void bucket(LocalDate day, String kind, int upper, long n) {
        add("update wake_latency_day set targets = targets + ?1 where on_day = ?2 and kind = ?3 and upper_seconds = ?4",
                "insert into wake_latency_day (targets, on_day, kind, upper_seconds) values (?1, ?2, ?3, ?4)", n, day, kind, upper);
    }

    /** Adds {@code n} to a history row, inserting it when it does not exist yet. */
    private void add(String update, String insert, long n, Object... key) {
        if (n <= 0) {
            return;
        }
        var u = em.createNativeQuery(update).setParameter(1, n);
        var i = em.createNativeQuery(insert).setParameter(1, n);
        for (int k = 0; k < key.length; k++) {
            u.setParameter(k + 2, key[k]);
            i.setParameter(k + 2, key[k]);
        }
        if (u.executeUpdate() == 0) {
            i.executeUpdate();
        }
    }

    /** The outcomes of the days from {@code from} to {@code to} (inclusive), by day. */
    public List<OutcomeDay> outcomes(LocalDate from, LocalDate to) {
        List<OutcomeDay> days = new ArrayList<>();
        em.createNativeQuery("select on_day, state, reason, targets from wake_outcome_day where on_day >= ?1 and on_day <= ?2 order by on_day, state, reason")
                .setParameter(1, from).setParameter(2, to).getResultList()
                .forEach(r -> {
                    Object[] row = (Object[]) r;
                    days.add(new OutcomeDay(localDate(row[0]), (String) row[1], (String) row[2], ((Number) row[3]).longValue()));
                });
        return days;
    }

    /** The latency buckets summed over the days from {@code from} to {@code to} (inclusive). */
    public List<LatencyBucket> latency(LocalDate from, LocalDate to) {
        List<LatencyBucket> buckets = new ArrayList<>();
        em.createNativeQuery("select kind, upper_seconds, sum(targets) from wake_latency_day where on_day >= ?1 and on_day <= ?2 "
                        + "group by kind, upper_seconds order by kind, upper_seconds")
                .setParameter(1, from).setParameter(2, to).getResultList()
                .forEach(r -> {
                    Object[] row = (Object[]) r;
                    buckets.add(new LatencyBucket((String) row[0], ((Number) row[1]).intValue(), ((Number) row[2]).longValue()));
                });
        return buckets;
    }

    /** The {@code limit} subnets with the most failed targets over the days from {@code from} to {@code to}. */
    public List<SubnetFailures> failingSubnets(LocalDate from, LocalDate to, int limit) {
        List<SubnetFailures> subnets = new ArrayList<>();
        em.createNativeQuery("select subnet, sum(failed) as failed from subnet_failure_day where on_day >= ?1 and on_day <= ?2 "
                        + "group by subnet order by sum(failed) desc, subnet")
                .setParameter(1, from).setParameter(2, to).setMaxResults(limit).getResultList()
                .forEach(r -> {
                    Object[] row = (Object[]) r;
                    subnets.add(new SubnetFailures((String) row[0], ((Number) row[1]).longValue()));
                });
        return subnets;
    }

    private static LocalDate localDate(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }
}
