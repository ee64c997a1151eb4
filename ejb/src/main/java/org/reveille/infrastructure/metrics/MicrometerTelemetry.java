package org.reveille.infrastructure.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.Locale;
import org.reveille.application.port.Telemetry;
import org.reveille.domain.model.schedule.ScheduleFiring;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.protocol.ListenerLog;

/**
 * {@link Telemetry} on the MeterRegistry of WildFly's micrometer subsystem, which serves it in the Prometheus text format
 * at the management interface's /metrics (wildfly-config/metrics.cli). Names and tags: README, "Metrics". A count
 * given inside a JTA transaction is applied by an interposed synchronization after the commit, and never after a
 * rollback.
 *
 * <p>Meters are registered only through the registry's {@code counter/timer/gauge(name, tags)} methods: the registry
 * WildFly 39 injects into a deployment (its {@code ApplicationRegistry}) passes those to the exported registry, but keeps
 * meters made with {@code Counter.builder(...).register(registry)} to itself (they would never be scraped), and takes no
 * per-meter configuration, so the timers have count, sum and max, no histogram buckets.
 */
@ApplicationScoped
public class MicrometerTelemetry implements Telemetry {

    static final String TARGETS = "reveille.wake.targets";
    static final String DISPATCH_LATENCY = "reveille.wake.dispatch.latency";
    static final String POLL_DURATION = "reveille.asm.poll.duration";
    static final String FIRINGS = "reveille.schedule.firings";
    static final String REFUSED = "reveille.agent.listener.refused";

    @Inject
    private MeterRegistry registry;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    @Override
    public void targets(TargetState state, String reason, long count) {
        if (count <= 0) {
            return;
        }
        Counter counter = registry.counter(TARGETS, Tags.of("state", lower(state.name()), "reason", reason == null ? "none" : reason));
        afterCommit(() -> counter.increment(count));
    }

    @Override
    public void notConfirmed(long count) {
        if (count <= 0) {
            return;
        }
        Counter counter = registry.counter(TARGETS, Tags.of("state", "not-confirmed", "reason", "no-answer"));
        afterCommit(() -> counter.increment(count));
    }

    @Override
    public void dispatched(Duration waited, int targets) {
        Timer timer = registry.timer(DISPATCH_LATENCY, Tags.empty());
        Duration at = waited.isNegative() ? Duration.ZERO : waited;
        afterCommit(() -> {
            for (int i = 0; i < targets; i++) {
                timer.record(at);
            }
        });
    }

    @Override
    public void pollFinished(Duration took) {
        registry.timer(POLL_DURATION, Tags.empty()).record(took);
    }

    @Override
    public void firing(ScheduleFiring.Outcome outcome) {
        Counter counter = registry.counter(FIRINGS, Tags.of("outcome", lower(outcome.name())));
        afterCommit(counter::increment);
    }

    /** A frame or connection the agent listener refused (counted whether its log line was written or suppressed). */
    public void refused(ListenerLog.Refusal refusal, long count) {
        registry.counter(REFUSED, Tags.of("reason", lower(refusal.name()))).increment(count);
    }

    private void afterCommit(Runnable apply) {
        if (transactions == null || transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            apply.run();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    apply.run();
                }
            }
        });
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
