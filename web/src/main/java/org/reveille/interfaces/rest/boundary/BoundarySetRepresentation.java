package org.reveille.interfaces.rest.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * GET /api/boundaries (docs/api.md, "Boundaries"): the boundaries, the ranges they cover once merged, the pairs that
 * overlap, and the inventory subnets a boundary covers only in part.
 */
@JsonbPropertyOrder({"items", "merged", "overlaps", "splitSubnets"})
public record BoundarySetRepresentation(List<BoundaryRepresentation> items, List<String> merged,
                                        List<Overlap> overlaps, List<String> splitSubnets) {

    /** Two boundaries that cover some of the same addresses, by id, with a sentence that names both. */
    @JsonbPropertyOrder({"first", "second", "detail"})
    public record Overlap(long first, long second, String detail) {
    }
}
