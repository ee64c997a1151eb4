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
import org.reveille.application.AuditTrail;
import org.reveille.application.SettingsService;
import org.reveille.application.SettingsService.SettingsChanged;
import org.reveille.application.port.ClusterTimers;
import org.reveille.logging.ReveilleLogger;

/**
 * The audit trail's retention (docs/architecture.md, "Audit trail"): once an hour, on one server of a cluster
 * (docs/cluster.md, "Timers once per cluster"), entries older than {@code auditRetentionDays} are removed. The first
 * run is a minute after the start, so a server that restarts often still applies it. A change of the setting applies
 * it at once (on the one server that claims {@code audit-retention-now}: every node sees the change).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditRetentionTimer {

    static final Duration EVERY = Duration.ofHours(1);
    private static final String NOW = "audit-retention-now";

    @Resource
    private TimerService timers;

    @Inject
    private AuditTrail audit;

    @Inject
    private SettingsService settings;

    @Inject
    private ClusterTimers clusterTimers;

    @PostConstruct
    void schedule() {
        timers.getTimers().forEach(Timer::cancel);
        timers.createIntervalTimer(Duration.ofMinutes(1).toMillis(), EVERY.toMillis(), new TimerConfig("audit-retention", false));
    }

    public void settingsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) SettingsChanged change) {
        if (!change.before().auditRetention().equals(change.after().auditRetention())) {
            timers.createSingleActionTimer(0, new TimerConfig(NOW, false));
        }
    }

    @Timeout
    void run(Timer timer) {
        boolean now = NOW.equals(timer.getInfo());
        if (!(now ? clusterTimers.claim(NOW, Duration.ofSeconds(30)) : clusterTimers.claim("audit-retention", EVERY))) {
            return;   // another server applies it (in this interval, or for this change)
        }
        try {
            audit.applyRetention(settings.current().auditRetention());
        } catch (RuntimeException e) {
            ReveilleLogger.LOG.auditRetentionFailed(String.valueOf(e.getMessage()), e);
        }
    }
}
