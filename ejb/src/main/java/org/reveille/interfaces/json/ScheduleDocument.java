package org.reveille.interfaces.json;

import java.util.List;
import org.reveille.domain.model.schedule.FiringCalendar;
import org.reveille.domain.model.schedule.ScheduleDefinition;

/**
 * The body of POST /api/schedules, PUT /api/schedules/{id} and POST /api/schedules/preview (docs/api.md, "Schedules"):
 * the targets as in POST /api/wake, {@code cron} or {@code at}, {@code timeZone}, {@code startsAt}, {@code endsAt},
 * {@code spread} and {@code grace} (ISO-8601 durations).
 */
public record ScheduleDocument(String name, String description, List<String> names, List<String> resourceIds, List<String> collections,
                               List<String> macs, Boolean verify, String cron, String at, String timeZone, String startsAt,
                               String endsAt, String spread, String grace) implements RequestDocument<ScheduleDefinition> {

    @Override
    public ScheduleDefinition toCommand() {
        return ScheduleDefinition.of(name, description, names, resourceIds, collections, macs, verify, cron, at, timeZone, startsAt,
                endsAt, spread, grace);
    }

    /** The firing calendar of the timing members alone (POST /api/schedules/preview): name and targets may be left out. */
    public FiringCalendar calendar() {
        return ScheduleDefinition.calendarOf(cron, at, timeZone, startsAt, endsAt);
    }
}
