package org.reveille.application.port;

import java.time.Duration;
import org.reveille.domain.model.schedule.ScheduleFiring;
import org.reveille.domain.model.wake.TargetState;

/**
 * Reveille's own metrics, as the application reports them (README, "Metrics"; implemented with Micrometer on WildFly's
 * metrics endpoint). Counts given inside a transaction are applied when it commits, so a rolled-back or retried write
 * is never counted; outside one they apply at once. {@code reason} is one of a few fixed words (never a free text),
 * so the metric keeps a bounded number of series.
 */
public interface Telemetry {

    /** {@code count} wake targets reached {@code state}, for {@code reason} (null: none, e.g. queued, sent, awake). */
    void targets(TargetState state, String reason, long count);

    /** {@code count} verified targets ended "sent, not confirmed" (their machines never answered). */
    void notConfirmed(long count);

    /** {@code targets} were taken by an agent {@code waited} after they were due (queued, or their notBefore). */
    void dispatched(Duration waited, int targets);

    /** An Agent State Manager poll took {@code took}. */
    void pollFinished(Duration took);

    /** A schedule's firing was recorded with this outcome. */
    void firing(ScheduleFiring.Outcome outcome);
}
