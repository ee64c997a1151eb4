package org.reveille.interfaces.rest.wake;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The answer to POST /api/wake (202): the job and what was queued (docs/api.md, "Wake"); {@code deferredTo} and
 * {@code window} only when a maintenance window deferred the job.
 */
@JsonbPropertyOrder({"jobId", "location", "queued", "skipped", "subnets", "deferredTo", "window"})
public record WakeAcceptedRepresentation(long jobId, String location, int queued, int skipped, int subnets, String deferredTo, String window) {

    public static WakeAcceptedRepresentation of(org.reveille.application.WakeService.Submitted submitted) {
        return new WakeAcceptedRepresentation(submitted.jobId(), "/api/jobs/" + submitted.jobId(), submitted.queued(), submitted.skipped(),
                submitted.subnets(), submitted.deferredTo() == null ? null : submitted.deferredTo().toString(), submitted.window());
    }
}
