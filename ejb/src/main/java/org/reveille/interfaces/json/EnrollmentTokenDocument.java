package org.reveille.interfaces.json;

import java.time.Duration;
import org.reveille.domain.model.InvalidInputException;

/**
 * The body of POST /api/enrollment-tokens (docs/api.md, "Agent identities"): {@code {"validHours": 24, "uses": 50,
 * "description": "building B re-imaging"}}; every member optional (24 hours, one use, no description).
 */
public record EnrollmentTokenDocument(Integer validHours, Integer uses, String description) implements RequestDocument<EnrollmentTokenDocument.Command> {

    public record Command(Duration validFor, int uses, String description) {
    }

    @Override
    public Command toCommand() {
        int hours = validHours == null ? 24 : validHours;
        if (hours < 1 || hours > 8784) {
            throw new InvalidInputException("validHours", "must be between 1 and 8784 (a year)");
        }
        String text = description == null || description.isBlank() ? null : description.strip();
        return new Command(Duration.ofHours(hours), uses == null ? 1 : uses, text);
    }
}
