package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.reveille.domain.model.ConflictException;
import org.reveille.domain.model.NotFoundException;
import org.reveille.domain.model.NotPermittedException;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditDetail;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.domain.model.schedule.FiringCalendar;
import org.reveille.domain.model.schedule.ScheduleDefinition;
import org.reveille.domain.model.schedule.ScheduleFiring;
import org.reveille.domain.model.schedule.WakeSchedule;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.logging.ReveilleLogger;

/**
 * Wake schedules (docs/architecture.md, "Schedules and maintenance windows"): their upkeep, previews and "run now".
 * Changes lock the schedule's row, the lock {@link ScheduleRunner} fires under, so a change and a firing never
 * interleave. Operators and inventory systems change the schedules they created; admins change any.
 */
@Stateless
public class ScheduleService {

    /** The most firings a preview lists. */
    public static final int MAX_PREVIEW = 100;

    /** A schedule with its last firing (if any) and, for that firing, its job's state. */
    public record ScheduleView(WakeSchedule schedule, ScheduleFiring lastFiring, WakeJob.State lastJobState) {
    }

    /** A firing and the state of its job (null without one, or once the job is gone). */
    public record FiringView(ScheduleFiring firing, WakeJob.State jobState) {
    }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private AuditTrail audit;

    @Inject
    private Clock clock;

    @Inject
    private WakeService wake;

    @Inject
    private org.reveille.application.port.Telemetry telemetry;

    public WakeSchedule create(ScheduleDefinition definition, Actor actor) {
        Instant now = clock.instant();
        requireNameFree(definition.name(), null);
        WakeSchedule schedule = new WakeSchedule(definition, actor.user(), now);
        em.persist(schedule);
        em.flush();
        ReveilleLogger.LOG.scheduleChanged(schedule.id(), schedule.name(), "created, next firing " + schedule.nextFiringAt(), actor.user());
        audit.record(actor, AuditKind.SCHEDULE_CREATED, "schedule " + schedule.id(), describe(schedule));
        return schedule;
    }

    public WakeSchedule update(long id, ScheduleDefinition definition, Actor actor, boolean admin) {
        WakeSchedule schedule = lockedForChange(id, actor, admin);
        requireNameFree(definition.name(), id);
        schedule.redefine(definition, clock.instant());
        em.flush();
        ReveilleLogger.LOG.scheduleChanged(id, schedule.name(), "changed, next firing " + schedule.nextFiringAt(), actor.user());
        audit.record(actor, AuditKind.SCHEDULE_CHANGED, "schedule " + id, describe(schedule));
        return schedule;
    }

    public void delete(long id, Actor actor, boolean admin) {
        WakeSchedule schedule = lockedForChange(id, actor, admin);
        AuditDetail detail = describe(schedule);
        em.createQuery("delete from ScheduleFiring f where f.scheduleId = :id").setParameter("id", id).executeUpdate();
        em.remove(schedule);
        em.flush();
        ReveilleLogger.LOG.scheduleChanged(id, schedule.name(), "deleted", actor.user());
        audit.record(actor, AuditKind.SCHEDULE_DELETED, "schedule " + id, detail);
    }

    public WakeSchedule pause(long id, Actor actor, boolean admin) {
        WakeSchedule schedule = lockedForChange(id, actor, admin);
        if (schedule.state() != WakeSchedule.State.ACTIVE) {
            throw new ConflictException("Schedule " + id + " is " + schedule.state().name().toLowerCase() + "; only an active schedule can be paused");
        }
        schedule.pause(clock.instant());
        ReveilleLogger.LOG.scheduleChanged(id, schedule.name(), "paused", actor.user());
        audit.record(actor, AuditKind.SCHEDULE_PAUSED, "schedule " + id, AuditDetail.of().with("name", schedule.name()));
        return schedule;
    }

    public WakeSchedule resume(long id, Actor actor, boolean admin) {
        WakeSchedule schedule = lockedForChange(id, actor, admin);
        if (schedule.state() != WakeSchedule.State.PAUSED) {
            throw new ConflictException("Schedule " + id + " is " + schedule.state().name().toLowerCase() + "; only a paused schedule can be resumed");
        }
        schedule.resume(clock.instant());
        ReveilleLogger.LOG.scheduleChanged(id, schedule.name(), "resumed, next firing " + schedule.nextFiringAt(), actor.user());
        audit.record(actor, AuditKind.SCHEDULE_RESUMED, "schedule " + id, AuditDetail.of().with("name", schedule.name())
                .with("nextFiringAt", schedule.nextFiringAt() == null ? null : schedule.nextFiringAt().toString()));
        return schedule;
    }

    /**
     * Fires the schedule now, whatever its state and calendar (its next firing stays as it was): a wake job like any
     * firing's, recorded among its firings. Spread and maintenance windows apply as to any firing.
     */
    public WakeService.Submitted runNow(long id, Actor actor, boolean admin) {
        WakeSchedule schedule = lockedForChange(id, actor, admin);
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        WakeService.Submitted submitted = wake.submitScheduled(schedule.request(), firingActor(schedule), id, schedule.spread());
        em.persist(ScheduleFiring.fired(id, now, now, submitted.jobId(), "run now by " + actor.user(), ServerNode.name()));
        telemetry.firing(ScheduleFiring.Outcome.FIRED);
        em.flush();
        ReveilleLogger.LOG.scheduleFired(id, schedule.name(), now.toString(), submitted.jobId(), submitted.queued(), submitted.skipped(),
                " (run now by " + actor.user() + ")");
        audit.record(actor, AuditKind.SCHEDULE_RUN, "schedule " + id, AuditDetail.of().with("name", schedule.name()).with("job", submitted.jobId()));
        return submitted;
    }

    public ScheduleView get(long id) {
        WakeSchedule schedule = em.find(WakeSchedule.class, id);
        if (schedule == null) {
            throw new NotFoundException("No schedule " + id);
        }
        return views(List.of(schedule)).get(0);
    }

    /** Schedules by name; {@code state} null for all. */
    public Page<ScheduleView> list(WakeSchedule.State state, int offset, int limit) {
        String where = state == null ? "" : " where s.state = :state";
        var count = em.createQuery("select count(s) from WakeSchedule s" + where, Long.class);
        var query = em.createQuery("select s from WakeSchedule s" + where + " order by s.name, s.id", WakeSchedule.class);
        if (state != null) {
            count.setParameter("state", state);
            query.setParameter("state", state);
        }
        return new Page<>(views(query.setFirstResult(offset).setMaxResults(limit).getResultList()), count.getSingleResult(), offset, limit);
    }

    /** The schedule's firings, newest due first. */
    public Page<FiringView> firings(long id, int offset, int limit) {
        get(id);
        long total = em.createQuery("select count(f) from ScheduleFiring f where f.scheduleId = :id", Long.class)
                .setParameter("id", id).getSingleResult();
        List<ScheduleFiring> firings = em.createQuery("select f from ScheduleFiring f where f.scheduleId = :id order by f.dueAt desc, f.id desc",
                ScheduleFiring.class).setParameter("id", id).setFirstResult(offset).setMaxResults(limit).getResultList();
        Map<Long, WakeJob.State> states = jobStates(firings);
        return new Page<>(firings.stream().map(f -> new FiringView(f, f.jobId() == null ? null : states.get(f.jobId()))).toList(),
                total, offset, limit);
    }

    /** The next {@code count} firings of the schedule from now (none while it is paused or ended). */
    public List<Instant> next(long id, int count) {
        WakeSchedule schedule = get(id).schedule();
        if (schedule.state() != WakeSchedule.State.ACTIVE || schedule.nextFiringAt() == null) {
            return List.of();
        }
        List<Instant> firings = new ArrayList<>();
        firings.add(schedule.nextFiringAt());
        firings.addAll(schedule.calendar().next(schedule.nextFiringAt(), Math.min(count, MAX_PREVIEW) - 1));
        return firings.subList(0, Math.min(firings.size(), Math.min(count, MAX_PREVIEW)));
    }

    /** The next {@code count} firings a calendar would have from now (a schedule not stored). */
    public List<Instant> preview(FiringCalendar calendar, int count) {
        return calendar.next(clock.instant().minusNanos(1), Math.min(count, MAX_PREVIEW));
    }

    /** Who a firing's wake job is requested by: the schedule's creator, through the schedule. */
    static Actor firingActor(WakeSchedule schedule) {
        return new Actor(schedule.createdBy(), Actor.Channel.SCHEDULE, null);
    }

    private List<ScheduleView> views(List<WakeSchedule> schedules) {
        if (schedules.isEmpty()) {
            return List.of();
        }
        List<Long> ids = schedules.stream().map(WakeSchedule::id).toList();
        Map<Long, ScheduleFiring> last = em.createQuery("select f from ScheduleFiring f where f.scheduleId in :ids and f.dueAt = "
                        + "(select max(g.dueAt) from ScheduleFiring g where g.scheduleId = f.scheduleId)", ScheduleFiring.class)
                .setParameter("ids", ids).getResultStream().collect(Collectors.toMap(ScheduleFiring::scheduleId, f -> f, (a, b) -> a));
        Map<Long, WakeJob.State> states = jobStates(List.copyOf(last.values()));
        return schedules.stream().map(s -> {
            ScheduleFiring f = last.get(s.id());
            return new ScheduleView(s, f, f == null || f.jobId() == null ? null : states.get(f.jobId()));
        }).toList();
    }

    private Map<Long, WakeJob.State> jobStates(List<ScheduleFiring> firings) {
        List<Long> jobs = firings.stream().map(ScheduleFiring::jobId).filter(java.util.Objects::nonNull).distinct().toList();
        if (jobs.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("select j.id, j.state from WakeJob j where j.id in :ids", Object[].class).setParameter("ids", jobs)
                .getResultStream().collect(Collectors.toMap(r -> (Long) r[0], r -> (WakeJob.State) r[1]));
    }

    private WakeSchedule lockedForChange(long id, Actor actor, boolean admin) {
        WakeSchedule schedule = em.find(WakeSchedule.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (schedule == null) {
            throw new NotFoundException("No schedule " + id);
        }
        if (!admin && !schedule.ownedBy(actor.user())) {
            throw new NotPermittedException("Schedule " + id + " belongs to " + schedule.createdBy() + "; only they or an admin may change it");
        }
        return schedule;
    }

    private void requireNameFree(String name, Long self) {
        Optional<Long> holder = em.createQuery("select s.id from WakeSchedule s where s.name = :name", Long.class)
                .setParameter("name", name).getResultStream().filter(id -> !id.equals(self)).findFirst();
        if (holder.isPresent()) {
            throw new ConflictException("A schedule named '" + name + "' exists already (schedule " + holder.get() + ")");
        }
    }

    private static AuditDetail describe(WakeSchedule schedule) {
        return AuditDetail.of().with("name", schedule.name()).with("cron", schedule.cron())
                .with("at", schedule.onceAt() == null ? null : schedule.onceAt().toString()).with("timeZone", schedule.timeZone())
                .with("items", schedule.items().size()).with("spread", schedule.spread().toString()).with("grace", schedule.grace().toString())
                .with("nextFiringAt", schedule.nextFiringAt() == null ? null : schedule.nextFiringAt().toString());
    }
}
