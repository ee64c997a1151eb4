package org.reveille.interfaces.json;

import java.time.Duration;

/**
 * The body of POST /api/server-keys/rotation (docs/api.md, "Agent identities"): {@code {"overlapHours": 168}}, how long
 * the keys in use still endorse the new one (a week when absent).
 */
public record KeyRotationDocument(Integer overlapHours) implements RequestDocument<Duration> {

    @Override
    public Duration toCommand() {
        return Duration.ofHours(overlapHours == null ? 168 : Math.max(0, overlapHours));
    }
}
