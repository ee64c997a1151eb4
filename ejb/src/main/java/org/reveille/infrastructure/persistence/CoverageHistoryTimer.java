package org.reveille.infrastructure.persistence;

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
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import org.reveille.application.Insight;
import org.reveille.application.SettingsService;
import org.reveille.application.SettingsService.SettingsChanged;
import org.reveille.application.port.ClusterTimers;
import org.reveille.logging.ReveilleLogger;

/**
 * The coverage history (docs/architecture.md, "Insight"): every {@link #EVERY}, on one server of a cluster (cluster
 * timer {@code coverage-history}), this hour's sample is written unless it exists, and samples older than
 * {@code historyRetentionDays} are removed. The first look is 30 s after the start. A change of the setting applies the
 * retention at once (on the one server that claims {@code history-retention-now}), as the audit trail's does, and
 * writes this hour's sample if it is missing.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CoverageHistoryTimer {

    static final Duration EVERY = Duration.ofMinutes(5);
    private static final String NOW = "history-retention-now";

    @Resource
    private TimerService timers;

    @Inject
    private Insight insight;

    @Inject
    private SettingsService settings;

    @Inject
    private ClusterTimers clusterTimers;

    @PostConstruct
    void schedule() {
        timers.getTimers().forEach(Timer::cancel);
        timers.createIntervalTimer(Duration.ofSeconds(30).toMillis(), EVERY.toMillis(), new TimerConfig("coverage-history", false));
    }

    public void settingsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) SettingsChanged change) {
        if (!change.before().historyRetention().equals(change.after().historyRetention())) {
            timers.createSingleActionTimer(0, new TimerConfig(NOW, false));
        }
    }

    @Timeout
    void run(Timer timer) {
        boolean now = NOW.equals(timer.getInfo());
        if (!(now ? clusterTimers.claim(NOW, Duration.ofSeconds(30)) : clusterTimers.claim("coverage-history", EVERY))) {
            return;   // another server keeps the history (in this interval, or for this change)
        }
        try {
            // on a change too: a retention that removed this hour's sample (a clock moved ahead, then back) leaves no gap
            insight.recordCoverage();
            insight.applyRetention(settings.current().historyRetention());
        } catch (RuntimeException e) {
            ReveilleLogger.LOG.coverageHistoryFailed(String.valueOf(e.getMessage()), e);
        }
    }
}
