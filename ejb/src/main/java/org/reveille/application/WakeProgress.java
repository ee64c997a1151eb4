package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.reveille.domain.model.settings.Settings;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.domain.model.wake.WakeTarget;
import org.reveille.application.port.WakeDispatches;
import org.reveille.application.port.WakeTargets;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

/** The wake monitor's short transactions: verification and retries, unreported targets, finished jobs. */
@Stateless
public class WakeProgress {

    /** An agent that took a batch has this long to report its targets. */
    static final Duration REPORT_WAIT = Duration.ofSeconds(60);
    /** A target claimed but never handed to an agent (the server stopped meanwhile) is failed after this long. */
    static final Duration INTERRUPTED_AFTER = Duration.ofMinutes(10);
    private static final int VERIFY_PER_CHECK = 500;

    /** A sent target of a verified job, waiting for its machine to answer. */
    public record Pending(long id, long jobId, Ipv4Address ip, Cidr subnet, Instant sentAt, int attempts) {
    }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Insight insight;

    @Inject
    private org.reveille.application.port.Telemetry telemetry;

    @Inject
    private Clock clock;

    @Inject
    private AgentList agentList;

    @Inject
    private WakeDispatches queue;

    @Inject
    private WakeTargets targets;

    /** Targets an agent took (ACK) but never reported count as sent; targets never handed over fail. */
    public void unreported() {
        targets.unreported(REPORT_WAIT, INTERRUPTED_AFTER);
    }

    /**
     * Sent targets of unfinished verified jobs still waiting for their machines. The jobs are looked up first (few), and
     * their targets by the (job_id, state) index: the sent targets of jobs without verification, which pile up (100,000
     * of one bulk job), are never read, and the check every two seconds stays cheap while a bulk job is being sent.
     */
    public List<Pending> pendingVerification() {
        List<Long> jobs = em.createQuery("select j.id from WakeJob j where j.finishedAt is null and j.verify = true", Long.class)
                .getResultList();
        if (jobs.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select t from WakeTarget t join fetch t.job where t.job.id in :jobs and t.state = :sent "
                        + "and t.concluded = false order by t.sentAt, t.id", WakeTarget.class)
                .setParameter("jobs", jobs).setParameter("sent", TargetState.SENT).setMaxResults(VERIFY_PER_CHECK).getResultStream()
                .map(t -> new Pending(t.id(), t.job().id(), t.ip(), t.subnet(), t.sentAt() == null ? t.updatedAt() : t.sentAt(), t.attempts()))
                .toList();
    }

    /**
     * The answers of one verification round: the machines that answered are awake; the others, once the retry delay
     * has passed since they were sent, are sent again (up to the retry count) or end "sent, not confirmed".
     */
    public void verified(List<Long> awake, List<Pending> checked, Settings settings) {
        Instant now = clock.instant();
        if (!awake.isEmpty()) {
            telemetry.targets(org.reveille.domain.model.wake.TargetState.AWAKE, null, targets.awake(awake));
        }
        Set<Long> up = new HashSet<>(awake);
        Map<String, List<Long>> retries = new LinkedHashMap<>();
        List<Long> giveUp = new ArrayList<>();
        for (Pending target : checked) {
            if (up.contains(target.id()) || target.sentAt().plus(settings.wakeRetryDelay()).isAfter(now)) {
                continue;
            }
            if (target.attempts() <= settings.wakeRetryCount() && target.subnet() != null) {
                retries.computeIfAbsent(target.jobId() + " " + target.subnet(), k -> new ArrayList<>()).add(target.id());
            } else {
                giveUp.add(target.id());
            }
        }
        for (Map.Entry<String, List<Long>> group : retries.entrySet()) {
            List<WakeTarget> again = em.createQuery("select t from WakeTarget t where t.id in :ids", WakeTarget.class)
                    .setParameter("ids", group.getValue()).getResultList();
            again.forEach(t -> t.retry(now));
            WakeTarget first = again.get(0);
            Subnet subnet = agentList.entryFor(first.subnet());
            queue.queue(first.job().id(), subnet.id(), first.attempts(), now, again.stream().map(WakeTarget::id).toList(), Duration.ZERO);
        }
        for (WakeTarget target : giveUp.isEmpty() ? List.<WakeTarget>of()
                : em.createQuery("select t from WakeTarget t where t.id in :ids", WakeTarget.class).setParameter("ids", giveUp).getResultList()) {
            target.notConfirmed("sent, not confirmed: no answer within " + settings.wakeRetryDelay().toSeconds() + " s after "
                    + target.attempts() + " attempt(s)", now);
        }
        telemetry.notConfirmed(giveUp.size());
    }

    /**
     * Jobs with nothing left in flight are finished. Each unfinished job is asked on its own whether one of its targets
     * is still in flight (the (job_id, state) index finds the first one at once); one query for all of them, with the
     * verification condition inside, read every target of a 100,000-target job every two seconds.
     */
    public void finishJobs() {
        Instant now = clock.instant();
        List<WakeJob> unfinished = em.createQuery("select j from WakeJob j where j.finishedAt is null and j.state in :states", WakeJob.class)
                .setParameter("states", List.of(WakeJob.State.RUNNING, WakeJob.State.CANCELLED)).getResultList();
        for (WakeJob job : unfinished) {
            if (any(job, "t.state in :states", List.of(TargetState.QUEUED, TargetState.DISPATCHED))
                    || job.verify() && any(job, "t.state in :states and t.concluded = false", List.of(TargetState.SENT))) {
                continue;
            }
            job.finish(now);
            insight.rollUp(job);
            String counts = em.createQuery("select t.state, count(t) from WakeTarget t where t.job = :job group by t.state", Object[].class)
                    .setParameter("job", job).getResultStream().map(row -> row[1] + " " + row[0].toString().toLowerCase())
                    .collect(Collectors.joining(", "));
            ReveilleLogger.LOG.wakeJobFinished(job.id(), job.state().name().toLowerCase(), counts.isEmpty() ? "no targets" : counts);
        }
    }

    private boolean any(WakeJob job, String condition, List<TargetState> states) {
        return !em.createQuery("select t.id from WakeTarget t where t.job = :job and " + condition, Long.class)
                .setParameter("job", job).setParameter("states", states).setMaxResults(1).getResultList().isEmpty();
    }
}
