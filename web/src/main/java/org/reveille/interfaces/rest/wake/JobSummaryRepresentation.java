package org.reveille.interfaces.rest.wake;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.reveille.application.WakeJobQuery;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.domain.model.wake.WakeJob;

/**
 * GET /api/jobs/{id}/summary (docs/api.md, "Wake"): what an inventory system polls, in one small object with a line to
 * show or log; the counts add up to {@code total}.
 */
@JsonbPropertyOrder({"id", "state", "finished", "total", "queued", "sent", "awake", "failed", "skipped", "notConfirmed", "percentFinal",
        "createdAt", "notBefore", "finishedAt", "schedule", "line"})
public record JobSummaryRepresentation(long id, String state, boolean finished, long total, long queued, long sent, long awake,
                                       long failed, long skipped, long notConfirmed, int percentFinal, String createdAt, String notBefore,
                                       String finishedAt, Long schedule, String line) {

    static JobSummaryRepresentation of(WakeJobQuery.JobView view) {
        WakeJob job = view.job();
        WakeJobQuery.Counts c = view.counts();
        long queued = c.of(TargetState.QUEUED) + c.of(TargetState.DISPATCHED);
        long sent = c.of(TargetState.SENT);
        long awake = c.of(TargetState.AWAKE);
        long failed = c.of(TargetState.FAILED);
        long skipped = c.of(TargetState.SKIPPED);
        long total = c.total();
        long done = awake + failed + skipped + (job.verify() ? c.notConfirmed() : sent);
        int percent = total == 0 ? 100 : (int) (100 * done / total);
        String state = job.state().name().toLowerCase(java.util.Locale.ROOT);
        String line = "job " + job.id() + " " + state + ": " + total + " target(s), " + (sent + awake) + " sent"
                + (job.verify() ? ", " + awake + " awake, " + c.notConfirmed() + " not confirmed" : "")
                + ", " + failed + " failed, " + skipped + " skipped" + (queued > 0 ? ", " + queued + " waiting" : "");
        return new JobSummaryRepresentation(job.id(), state, job.isFinished(), total, queued, sent, awake, failed, skipped, c.notConfirmed(),
                percent, job.createdAt().toString(), job.notBefore() == null ? null : job.notBefore().toString(),
                job.finishedAt() == null ? null : job.finishedAt().toString(), job.scheduleId(), line);
    }
}
