package org.reveille.interfaces.json;

import org.reveille.domain.model.boundary.BoundaryDefinition;

/**
 * The body of POST /api/boundaries (docs/api.md, "Boundaries"): {@code {"subnet": "10.1.0.0/16", "source": "sccm"}}
 * or {@code {"range": "10.2.0.1-10.2.0.200", "source": "console", "description": "..."}}. Unknown members and
 * non-string values are named by {@link RequestBinder}; the domain checks the texts.
 */
public record BoundaryDocument(String subnet, String range, String source, String description)
        implements RequestDocument<BoundaryDefinition> {

    @Override
    public BoundaryDefinition toCommand() {
        return BoundaryDefinition.of(subnet, range, source, description);
    }
}
