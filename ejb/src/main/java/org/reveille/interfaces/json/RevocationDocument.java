package org.reveille.interfaces.json;

import org.reveille.domain.model.InvalidInputException;

/** The body of POST /api/agent-identities/{id}/revoke (docs/api.md, "Agent identities"): {@code {"reason": "PC stolen"}}. */
public record RevocationDocument(String reason) implements RequestDocument<String> {

    @Override
    public String toCommand() {
        if (reason != null && reason.length() > 1024) {
            throw new InvalidInputException("reason", "at most 1024 characters");
        }
        return reason == null || reason.isBlank() ? null : reason.strip();
    }
}
