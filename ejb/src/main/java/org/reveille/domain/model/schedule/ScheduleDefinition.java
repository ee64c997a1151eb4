package org.reveille.domain.model.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Text;
import org.reveille.domain.model.Violation;
import org.reveille.domain.model.wake.WakeJobItem;
import org.reveille.domain.model.wake.WakeRequest;

/**
 * What a schedule does, validated (docs/api.md, "Schedules"): its targets in the forms of POST /api/wake, a cron
 * expression or a one-off instant in a time zone, an optional start and end, the spread of each firing's wakes and the
 * grace period within which a firing missed while no server ran is still run.
 */
public record ScheduleDefinition(String name, String description, List<WakeJobItem> items, boolean verify,
                                 CronExpression cron, Instant onceAt, ZoneId zone, Instant startsAt, Instant endsAt,
                                 Duration spread, Duration grace) {

    public static final int MAX_NAME = 255;
    public static final int MAX_DESCRIPTION = 1024;
    /** Schedules name collections for large estates; 10,000 items is plenty for the rest. */
    public static final int MAX_ITEMS = 10_000;
    public static final Duration MAX_SPREAD = Duration.ofHours(24);
    /** At least a minute, so that the timer's own lateness (seconds) never makes a firing "missed". */
    public static final Duration MIN_GRACE = Duration.ofMinutes(1);
    public static final Duration MAX_GRACE = Duration.ofDays(7);
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(15);

    /**
     * The definition from plain values as the edge bound them from JSON; every bad value is named by its JSON path in one
     * InvalidInputException (a bad cron expression names the position in it).
     */
    public static ScheduleDefinition of(String name, String description, List<String> names, List<String> resourceIds,
                                        List<String> collections, List<String> macs, Boolean verify, String cron, String at,
                                        String timeZone, String startsAt, String endsAt, String spread, String grace) {
        List<Violation> violations = new ArrayList<>();
        String theName = null;
        if (name == null || name.isBlank()) {
            violations.add(new Violation("name", "must be a non-empty string"));
        } else if (Text.length(name.strip()) > MAX_NAME) {
            violations.add(new Violation("name", "at most " + MAX_NAME + " characters"));
        } else if (Text.problem(name) != null) {
            violations.add(new Violation("name", Text.problem(name)));
        } else {
            theName = name.strip();
        }
        String theDescription = null;
        if (description != null && !description.isBlank()) {
            if (Text.length(description.strip()) > MAX_DESCRIPTION) {
                violations.add(new Violation("description", "at most " + MAX_DESCRIPTION + " characters"));
            } else if (Text.problem(description.replace('\n', ' ').replace('\t', ' ')) != null) {
                violations.add(new Violation("description", Text.problem(description.replace('\n', ' ').replace('\t', ' '))));
            } else {
                theDescription = description.strip();
            }
        }
        List<WakeJobItem> items = List.of();
        boolean theVerify = false;
        try {
            WakeRequest targets = WakeRequest.of(names, resourceIds, collections, macs, verify, null, null);
            items = targets.items();
            theVerify = targets.verify();
            if (items.size() > MAX_ITEMS) {
                violations.add(new Violation("", "at most " + MAX_ITEMS + " targets per schedule, got " + items.size()
                        + " (name a collection instead)"));
            }
        } catch (InvalidInputException e) {
            violations.addAll(e.violations());
        }
        Timing when = timing(cron, at, timeZone, startsAt, endsAt, violations);
        Duration theSpread = duration(spread, "spread", Duration.ZERO, Duration.ZERO, MAX_SPREAD, violations);
        Duration theGrace = duration(grace, "grace", DEFAULT_GRACE, MIN_GRACE, MAX_GRACE, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Invalid schedule", violations);
        }
        return new ScheduleDefinition(theName, theDescription, items, theVerify, when.cron(), when.onceAt(), when.zone(), when.startsAt(),
                when.endsAt(), theSpread, theGrace);
    }

    /**
     * Only the timing members of a schedule ({@code cron} or {@code at}, {@code timeZone}, {@code startsAt},
     * {@code endsAt}), validated as {@link #of} validates them: what a preview needs, before the name and targets are known.
     */
    public static FiringCalendar calendarOf(String cron, String at, String timeZone, String startsAt, String endsAt) {
        List<Violation> violations = new ArrayList<>();
        Timing when = timing(cron, at, timeZone, startsAt, endsAt, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Invalid schedule", violations);
        }
        return when.cron() != null ? FiringCalendar.cron(when.cron(), when.zone(), when.startsAt(), when.endsAt())
                : FiringCalendar.once(when.onceAt(), when.zone());
    }

    /** The timing members, validated; each bad one added to {@code violations}. */
    private record Timing(CronExpression cron, Instant onceAt, ZoneId zone, Instant startsAt, Instant endsAt) {
    }

    private static Timing timing(String cron, String at, String timeZone, String startsAt, String endsAt, List<Violation> violations) {
        CronExpression expression = null;
        Instant once = null;
        if ((cron == null) == (at == null)) {
            violations.add(new Violation("cron", "give either cron (a cron expression) or at (an ISO-8601 instant), not both"));
        } else if (cron != null) {
            expression = cron(cron, violations);
        } else {
            once = instant(at, "at", violations);
        }
        ZoneId zone = zone(timeZone, violations);
        Instant start = instant(startsAt, "startsAt", violations);
        Instant end = instant(endsAt, "endsAt", violations);
        if (start != null && end != null && end.isBefore(start)) {
            violations.add(new Violation("endsAt", "must not lie before startsAt"));
        }
        if (once != null && (start != null || end != null)) {
            violations.add(new Violation(start != null ? "startsAt" : "endsAt", "a schedule that fires once (at) has no start or end"));
        }
        return new Timing(expression, once, zone, start, end);
    }

    /** The firing calendar this definition gives. */
    public FiringCalendar calendar() {
        return cron != null ? FiringCalendar.cron(cron, zone, startsAt, endsAt) : FiringCalendar.once(onceAt, zone);
    }

    /** The cron expression, or null with a violation of {@code cron} naming the position (also for WindowDefinition). */
    static CronExpression cron(String text, List<Violation> violations) {
        try {
            return CronExpression.parse(text);
        } catch (CronSyntaxException e) {
            violations.add(new Violation("cron", e.getMessage()));
            return null;
        }
    }

    /** The time zone, UTC when absent; UTC with a violation of {@code timeZone} when unknown (also for WindowDefinition). */
    static ZoneId zone(String timeZone, List<Violation> violations) {
        if (timeZone != null) {
            try {
                return ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                violations.add(new Violation("timeZone", "unknown time zone: give an IANA name such as Europe/Berlin or America/New_York"));
            }
        }
        return ZoneId.of("UTC");
    }

    private static Instant instant(String text, String field, List<Violation> violations) {
        if (text == null) {
            return null;
        }
        try {
            Instant at = Instant.parse(text);
            if (at.isBefore(Instant.EPOCH) || at.getEpochSecond() > 253402300799L) {
                violations.add(new Violation(field, "must lie between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z"));
                return null;
            }
            return at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);   // as the database keeps it, to the millisecond at least
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "must be an ISO-8601 instant such as 2026-11-22T06:00:00Z"));
            return null;
        }
    }

    private static Duration duration(String text, String field, Duration absent, Duration min, Duration max, List<Violation> violations) {
        if (text == null) {
            return absent;
        }
        try {
            Duration value = Duration.parse(text);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                violations.add(new Violation(field, "must lie between " + min + " and " + max));
                return absent;
            }
            return value.withNanos(0);
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "must be an ISO-8601 duration such as PT30M"));
            return absent;
        }
    }
}
