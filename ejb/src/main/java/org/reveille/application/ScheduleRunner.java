package org.reveille.application;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.reveille.domain.model.ConflictException;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.NotFoundException;
import org.reveille.domain.model.schedule.ScheduleFiring;
import org.reveille.domain.model.schedule.WakeSchedule;
import org.reveille.logging.ReveilleLogger;

/**
 * Runs the firings that are due (docs/architecture.md, "Schedules and maintenance windows"): every server's schedule
 * timer calls {@link #runDue} every few seconds. Each firing is one transaction that locks its schedule's row, checks
 * that the firing is still the one due (another server may have run it meanwhile), submits its wake job, records the
 * firing and moves the schedule on; so a firing runs once with any number of servers, and a server killed in the middle
 * leaves it due for the next look. A firing later than its schedule's grace period is recorded as missed, and so is one
 * that a later firing, also due, supersedes (after downtime, only the latest due firing runs).
 */
@Stateless
public class ScheduleRunner {

    /** Firings looked at per tick; the rest wait for the next tick. */
    static final int PER_TICK = 200;
    /** Rounds of {@link #PER_TICK} firings per tick at most. */
    static final int ROUNDS = 20;

    /** A firing that is due: the schedule and the due time its row held when read. */
    public record Due(long scheduleId, Instant dueAt) {
    }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Clock clock;

    @Inject
    private WakeService wake;

    @Resource
    private SessionContext context;

    @Inject
    private org.reveille.application.port.Telemetry telemetry;

    /**
     * Runs what is due now, each firing in a transaction of its own, in rounds until nothing is due (a backlog of
     * missed firings after downtime is recorded in one tick, up to {@value #ROUNDS} rounds); returns how many firings
     * were recorded. A firing that fails for another reason than a refusal stays due for the next tick.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int runDue() {
        ScheduleRunner self = context.getBusinessObject(ScheduleRunner.class);
        int recorded = 0;
        java.util.Set<Long> erred = new java.util.HashSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<Due> dues = self.due().stream().filter(d -> !erred.contains(d.scheduleId())).toList();
            if (dues.isEmpty()) {
                break;
            }
            for (Due due : dues) {
                try {
                    recorded += ConcurrentWrites.retrying("Schedule firing", () -> self.fire(due)) ? 1 : 0;
                } catch (RuntimeException e) {
                    String refusal = refusal(e);
                    if (refusal != null) {
                        recorded += self.fail(due, refusal) ? 1 : 0;
                    } else {
                        // the database or the broker is away: the firing stays due, tried again within its grace period
                        erred.add(due.scheduleId());
                        ReveilleLogger.LOG.scheduleFiringError(due.scheduleId(), due.dueAt().toString(), ConcurrentWrites.describe(e), e);
                    }
                }
            }
        }
        return recorded;
    }

    /** The firings due now, oldest first. */
    public List<Due> due() {
        return em.createQuery("select s.id, s.nextFiringAt from WakeSchedule s where s.state = :active and s.nextFiringAt <= :now "
                        + "order by s.nextFiringAt, s.id", Object[].class)
                .setParameter("active", WakeSchedule.State.ACTIVE).setParameter("now", clock.instant()).setMaxResults(PER_TICK)
                .getResultStream().map(r -> new Due((Long) r[0], (Instant) r[1])).toList();
    }

    /**
     * Runs one due firing, unless another server did: true when this call recorded it. Under the schedule's row lock;
     * the firing's job is submitted in this transaction, so the job, the firing's record and the schedule's move are
     * committed together or not at all.
     */
    public boolean fire(Due due) {
        WakeSchedule schedule = lockedIfStillDue(due);
        if (schedule == null) {
            return false;
        }
        Instant now = clock.instant();
        Duration late = Duration.between(due.dueAt(), now);
        Optional<Instant> after = schedule.calendar().nextAfter(due.dueAt());
        String missed = null;
        if (late.compareTo(schedule.grace()) > 0) {
            missed = "no server ran it within its grace period of " + schedule.grace() + " (it was looked at " + late.withNanos(0)
                    + " late: the servers were stopped or could not reach the database)";
        } else if (after.isPresent() && !after.get().isAfter(now)) {
            missed = "superseded by the firing due at " + after.get() + ", which is due too (only the latest of the firings missed runs)";
        }
        if (missed != null) {
            em.persist(ScheduleFiring.missed(schedule.id(), due.dueAt(), now, missed, ServerNode.name()));
            telemetry.firing(ScheduleFiring.Outcome.MISSED);
            ReveilleLogger.LOG.scheduleMissed(schedule.id(), schedule.name(), due.dueAt().toString(), missed);
        } else {
            WakeService.Submitted job = wake.submitScheduled(schedule.request(), ScheduleService.firingActor(schedule), schedule.id(), schedule.spread());
            String note = late.compareTo(Duration.ofMinutes(1)) > 0 ? "ran " + late.withNanos(0) + " late, within the grace period" : null;
            if (job.deferredTo() != null) {
                note = (note == null ? "" : note + "; ") + "deferred to " + job.deferredTo() + " by maintenance window '" + job.window() + "'";
            }
            em.persist(ScheduleFiring.fired(schedule.id(), due.dueAt(), now, job.jobId(), note, ServerNode.name()));
            telemetry.firing(ScheduleFiring.Outcome.FIRED);
            ReveilleLogger.LOG.scheduleFired(schedule.id(), schedule.name(), due.dueAt().toString(), job.jobId(), job.queued(), job.skipped(),
                    note == null ? "" : " (" + note + ")");
        }
        // the submission empties the persistence context (WakeService's resolution clears it as it goes): the
        // schedule is read again, still under this transaction's lock, to be moved on
        em.find(WakeSchedule.class, due.scheduleId()).firedOrPassed(due.dueAt(), now);
        em.flush();
        return true;
    }

    /** Records the firing as failed, its request refused for {@code reason}, and moves the schedule on; false when another server got to it first. */
    public boolean fail(Due due, String reason) {
        WakeSchedule schedule = lockedIfStillDue(due);
        if (schedule == null) {
            return false;
        }
        Instant now = clock.instant();
        em.persist(ScheduleFiring.failed(schedule.id(), due.dueAt(), now, reason, ServerNode.name()));
        telemetry.firing(ScheduleFiring.Outcome.FAILED);
        ReveilleLogger.LOG.scheduleFailed(schedule.id(), schedule.name(), due.dueAt().toString(), reason);
        schedule.firedOrPassed(due.dueAt(), now);
        em.flush();
        return true;
    }

    private WakeSchedule lockedIfStillDue(Due due) {
        WakeSchedule schedule = em.find(WakeSchedule.class, due.scheduleId(), LockModeType.PESSIMISTIC_WRITE);
        if (schedule == null || schedule.state() != WakeSchedule.State.ACTIVE || !due.dueAt().equals(schedule.nextFiringAt())) {
            return null;   // deleted, paused or changed meanwhile, or another server ran this firing
        }
        return schedule;
    }

    /** The reason a request was refused (bad targets, a maintenance window), or null for any other failure. */
    private static String refusal(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidInputException invalid) {
                return invalid.describe();
            }
            if (t instanceof ConflictException || t instanceof NotFoundException) {
                return t.getMessage();
            }
        }
        return null;
    }
}
