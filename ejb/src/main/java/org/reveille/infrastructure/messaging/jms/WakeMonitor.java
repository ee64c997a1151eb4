package org.reveille.infrastructure.messaging.jms;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.reveille.application.Reachability;
import org.reveille.application.SettingsService;
import org.reveille.application.WakeProgress.Pending;
import org.reveille.application.WakeProgress;
import org.reveille.application.port.ClusterTimers;
import org.reveille.domain.model.settings.Settings;
import org.reveille.logging.ReveilleLogger;

/**
 * Follows running wake jobs every two seconds: verification of targets sent for jobs that asked for it (awake when
 * the machine answers the configured probe; re-sent after {@code wakeRetryDelaySeconds} up to
 * {@code wakeRetryCount} times; then "sent, not confirmed"), targets an agent took without reporting them, and jobs
 * whose targets have all reached a final state.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WakeMonitor {

    private static final long EVERY_MILLIS = 2000;

    @Resource
    private TimerService timers;

    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    private ManagedExecutorService executor;

    @Inject
    private WakeProgress progress;

    @Inject
    private ClusterTimers clusterTimers;

    @Inject
    private SettingsService settingsService;

    @PostConstruct
    void schedule() {
        timers.getTimers().forEach(Timer::cancel);
        timers.createIntervalTimer(EVERY_MILLIS, EVERY_MILLIS, new TimerConfig("wake-monitor", false));
    }

    @Timeout
    void check(Timer timer) {
        if (!clusterTimers.claim("wake-monitor", Duration.ofMillis(EVERY_MILLIS))) {
            return;   // another server follows the jobs in this interval (docs/cluster.md, "Timers once per cluster")
        }
        Settings settings = settingsService.current();
        // each step on its own: one failing must not stop the others
        for (Runnable step : List.<Runnable>of(progress::unreported, () -> verify(settings), progress::finishJobs)) {
            try {
                step.run();
            } catch (RuntimeException e) {
                ReveilleLogger.LOG.wakeMonitorFailed(e);
            }
        }
    }

    private void verify(Settings settings) {
        List<Pending> pending = progress.pendingVerification();
        if (pending.isEmpty()) {
            return;
        }
        List<Future<Boolean>> answers = new ArrayList<>();
        for (Pending target : pending) {
            answers.add(executor.submit(() -> target.ip() != null && Reachability.answers(target.ip(), settings)));
        }
        List<Long> awake = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            try {
                if (answers.get(i).get()) {
                    awake.add(pending.get(i).id());
                }
            } catch (Exception e) {
                // not confirmed this time
            }
        }
        progress.verified(awake, pending, settings);
    }
}
