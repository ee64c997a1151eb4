package org.reveille.domain.model.schedule;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Text;
import org.reveille.domain.model.Violation;

/**
 * A maintenance window, validated (docs/api.md, "Maintenance windows"): its name, the collection it governs, when it
 * opens (cron expression and time zone), how long it stays open and what happens to a wake asked for outside it.
 */
public record WindowDefinition(String name, String collection, CronExpression cron, ZoneId zone, Duration duration,
                               MaintenanceWindow.Rule rule) {

    public static final int MAX_NAME = 255;
    /** A week: a longer window is no window. */
    public static final int MAX_DURATION_MINUTES = 7 * 24 * 60;

    public static WindowDefinition of(String name, String collection, String cron, String timeZone, Integer durationMinutes, String rule) {
        List<Violation> violations = new ArrayList<>();
        String theName = text(name, "name", violations);
        String theCollection = text(collection, "collection", violations);
        CronExpression expression = null;
        if (cron == null) {
            violations.add(new Violation("cron", "required: when the window opens, as a cron expression"));
        } else {
            expression = ScheduleDefinition.cron(cron, violations);
        }
        ZoneId zone = ScheduleDefinition.zone(timeZone, violations);
        Duration duration = null;
        if (durationMinutes == null) {
            violations.add(new Violation("durationMinutes", "required: how long the window stays open, in minutes"));
        } else if (durationMinutes < 1 || durationMinutes > MAX_DURATION_MINUTES) {
            violations.add(new Violation("durationMinutes", "must be between 1 and " + MAX_DURATION_MINUTES + " (a week)"));
        } else {
            duration = Duration.ofMinutes(durationMinutes);
        }
        MaintenanceWindow.Rule theRule = MaintenanceWindow.Rule.DEFER;
        if (rule != null) {
            try {
                theRule = MaintenanceWindow.Rule.valueOf(rule.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("rule", "must be defer or refuse"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Invalid maintenance window", violations);
        }
        return new WindowDefinition(theName, theCollection, expression, zone, duration, theRule);
    }

    private static String text(String value, String field, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(field, "must be a non-empty string"));
        } else if (Text.length(value.strip()) > MAX_NAME) {
            violations.add(new Violation(field, "at most " + MAX_NAME + " characters"));
        } else if (Text.problem(value) != null) {
            violations.add(new Violation(field, Text.problem(value)));
        } else {
            return value.strip();
        }
        return null;
    }
}
