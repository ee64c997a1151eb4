package org.reveille.interfaces.rest.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.reveille.domain.model.boundary.Boundary;

/**
 * A boundary as the API shows it (docs/api.md, "Boundaries"): {@code subnet} or {@code range} by its kind, and
 * {@code description} and {@code createdBy} only when known (JSON-B leaves null members out).
 */
@JsonbPropertyOrder({"id", "kind", "subnet", "range", "source", "createdAt", "description", "createdBy"})
public record BoundaryRepresentation(long id, String kind, String subnet, String range, String source, String createdAt,
                                     String description, String createdBy) {

    /** The assembler. */
    static BoundaryRepresentation of(Boundary b) {
        boolean subnet = b.kind() == Boundary.Kind.SUBNET;
        return new BoundaryRepresentation(b.id(), b.kind().name().toLowerCase(), subnet ? b.cidr().toString() : null,
                subnet ? null : b.range().toString(), b.source(), b.createdAt().toString(), b.description(), b.createdBy());
    }
}
