package org.reveille.interfaces.rest.wake;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** The answer to POST /api/wake (202): the job and what was queued (docs/api.md, "Wake"). */
@JsonbPropertyOrder({"jobId", "location", "queued", "skipped", "subnets"})
public record WakeAcceptedRepresentation(long jobId, String location, int queued, int skipped, int subnets) {
}
