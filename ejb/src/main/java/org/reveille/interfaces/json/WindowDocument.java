package org.reveille.interfaces.json;

import org.reveille.domain.model.schedule.WindowDefinition;

/**
 * The body of POST /api/windows and PUT /api/windows/{id} (docs/api.md, "Maintenance windows"):
 * {@code {"name": "floor-3 nights", "collection": "floor-3", "cron": "0 22 * * MON-FRI", "timeZone": "Europe/Berlin",
 * "durationMinutes": 240, "rule": "defer"}}.
 */
public record WindowDocument(String name, String collection, String cron, String timeZone, Integer durationMinutes, String rule)
        implements RequestDocument<WindowDefinition> {

    @Override
    public WindowDefinition toCommand() {
        return WindowDefinition.of(name, collection, cron, timeZone, durationMinutes, rule);
    }
}
