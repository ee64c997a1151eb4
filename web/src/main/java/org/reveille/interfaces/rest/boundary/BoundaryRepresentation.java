package org.reveille.interfaces.rest.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.reveille.domain.model.boundary.Boundary;

/**
 * A boundary as the API shows it (docs/api.md, "Boundaries"): {@code subnet} (an IPv4 subnet, or an IPv6 prefix of kind {@code prefix6}) or {@code range} by its kind, and
 * {@code description} and {@code createdBy} only when known (JSON-B leaves null members out).
 */
@JsonbPropertyOrder({"id", "kind", "subnet", "range", "source", "createdAt", "description", "createdBy"})
public record BoundaryRepresentation(long id, String kind, String subnet, String range, String source, String createdAt,
                                     String description, String createdBy) {

    /** The assembler. */
    static BoundaryRepresentation of(Boundary b) {
        String subnet = switch (b.kind()) {
            case SUBNET -> b.cidr().toString();
            case PREFIX6 -> b.prefix6().toString();
            case RANGE -> null;
        };
        return new BoundaryRepresentation(b.id(), b.kind().name().toLowerCase(java.util.Locale.ROOT), subnet,
                b.kind() == Boundary.Kind.RANGE ? b.range().toString() : null, b.source(), b.createdAt().toString(),
                b.description(), b.createdBy());
    }
}
