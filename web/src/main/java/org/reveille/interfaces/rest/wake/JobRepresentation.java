package org.reveille.interfaces.rest.wake;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A wake job (docs/api.md, "Wake"): in a list, and answered by DELETE /api/jobs/{id}, its summary; GET /api/jobs/{id}
 * adds the first items and targets ({@code items}, {@code itemsTotal}, {@code targets}, {@code targetsShown}).
 * Absent values (null) are left out of the JSON.
 */
@JsonbPropertyOrder({"id", "source", "requestedBy", "state", "verify", "secureOn", "total", "counts", "createdAt", "updatedAt",
        "notBefore", "finishedAt", "cancelledBy", "schedule", "items", "itemsTotal", "targets", "targetsShown"})
public record JobRepresentation(long id, String source, String requestedBy, String state, boolean verify, boolean secureOn,
                                long total, Map<String, Long> counts, String createdAt, String updatedAt, String notBefore,
                                String finishedAt, String cancelledBy, Long schedule, List<JobItemRepresentation> items, Long itemsTotal,
                                List<TargetRepresentation> targets, Integer targetsShown) {
}
