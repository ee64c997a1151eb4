package org.reveille.interfaces.rest.schedule;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.reveille.application.ScheduleService;
import org.reveille.domain.model.schedule.MaintenanceWindow;
import org.reveille.domain.model.schedule.ScheduleFiring;
import org.reveille.domain.model.schedule.WakeSchedule;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.domain.model.wake.WakeJobItem;

/** The JSON of schedules, their firings and maintenance windows (docs/api.md, "Schedules", "Maintenance windows"). */
public final class ScheduleRepresentations {

    private ScheduleRepresentations() {
    }

    /** A schedule; absent values are left out. */
    @JsonbPropertyOrder({"id", "name", "description", "state", "names", "resourceIds", "collections", "macs", "verify", "cron", "at",
            "timeZone", "startsAt", "endsAt", "spread", "grace", "nextFiringAt", "lastFiring", "createdBy", "createdAt", "updatedAt"})
    public record Schedule(long id, String name, String description, String state, List<String> names, List<String> resourceIds,
                           List<String> collections, List<String> macs, boolean verify, String cron, String at, String timeZone,
                           String startsAt, String endsAt, String spread, String grace, String nextFiringAt, Firing lastFiring,
                           String createdBy, String createdAt, String updatedAt) {

        public static Schedule of(ScheduleService.ScheduleView view) {
            WakeSchedule s = view.schedule();
            return new Schedule(s.id(), s.name(), s.description(), lower(s.state()), items(s, WakeJobItem.Kind.NAME),
                    items(s, WakeJobItem.Kind.RESOURCE_ID), items(s, WakeJobItem.Kind.COLLECTION), items(s, WakeJobItem.Kind.MAC), s.verify(),
                    s.cron(), text(s.onceAt()), s.timeZone(), text(s.startsAt()), text(s.endsAt()), s.spread().toString(), s.grace().toString(),
                    text(s.nextFiringAt()), view.lastFiring() == null ? null : Firing.of(view.lastFiring(), view.lastJobState()),
                    s.createdBy(), text(s.createdAt()), text(s.updatedAt()));
        }

        private static List<String> items(WakeSchedule schedule, WakeJobItem.Kind kind) {
            List<String> items = schedule.items().stream().filter(i -> i.kind() == kind).map(WakeJobItem::item).toList();
            return items.isEmpty() ? null : items;
        }
    }

    /** One firing: its due time, what became of it, its job and the job's state. */
    @JsonbPropertyOrder({"dueAt", "recordedAt", "outcome", "job", "jobState", "reason", "node"})
    public record Firing(String dueAt, String recordedAt, String outcome, Long job, String jobState, String reason, String node) {

        public static Firing of(ScheduleFiring f, WakeJob.State jobState) {
            return new Firing(text(f.dueAt()), text(f.recordedAt()), lower(f.outcome()), f.jobId(), jobState == null ? null : lower(jobState),
                    f.reason(), f.node());
        }

        public static Firing of(ScheduleService.FiringView view) {
            return of(view.firing(), view.jobState());
        }
    }

    /** The next firings (or a window's next openings with their closings). */
    @JsonbPropertyOrder({"timeZone", "firings"})
    public record FiringTimes(String timeZone, List<FiringTime> firings) {
    }

    /** One firing time, as an instant and as the local time of the schedule's zone; a window's also closes. */
    @JsonbPropertyOrder({"at", "local", "closes"})
    public record FiringTime(String at, String local, String closes) {

        public static FiringTime of(Instant at, java.time.ZoneId zone, Instant closes) {
            return new FiringTime(at.toString(), at.atZone(zone).toOffsetDateTime().toString(), closes == null ? null : closes.toString());
        }
    }

    /** A maintenance window. */
    @JsonbPropertyOrder({"id", "name", "collection", "cron", "timeZone", "durationMinutes", "rule", "openNow", "nextOpening", "createdBy",
            "createdAt", "updatedAt"})
    public record Window(long id, String name, String collection, String cron, String timeZone, long durationMinutes, String rule,
                         boolean openNow, String nextOpening, String createdBy, String createdAt, String updatedAt) {

        public static Window of(MaintenanceWindow w, Instant now) {
            return new Window(w.id(), w.name(), w.collection().name(), w.cron(), w.timeZone(), w.duration().toMinutes(), lower(w.rule()),
                    w.isOpenAt(now), w.nextOpening(now).map(Instant::toString).orElse(null), w.createdBy(), text(w.createdAt()),
                    text(w.updatedAt()));
        }
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
