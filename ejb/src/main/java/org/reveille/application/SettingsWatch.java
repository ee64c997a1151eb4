package org.reveille.application;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.stream.Collectors;
import org.reveille.application.SettingsService.SettingsChanged;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.settings.Settings;
import org.reveille.logging.ReveilleLogger;

/**
 * Applies on this server the settings another server changed (docs/cluster.md, "Settings changed on another node"):
 * the settings live in the shared database, but what a change sets in motion (the agent listener's port and mode,
 * the heartbeat watchdog's and the Agent State Manager's intervals) listens to {@link SettingsChanged}, which fires on
 * the server that took the {@code PUT /api/settings}. Every {@value #EVERY_MILLIS} ms each server compares the
 * stored settings with those it last applied and fires the change itself when they differ. Found by NodeFailoverIT:
 * the second node's agent listener stayed on the old port.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class SettingsWatch {

    static final long EVERY_MILLIS = 5000;

    @Resource
    private TimerService timers;

    @Resource
    private SessionContext context;

    @Inject
    private SettingsService settings;

    @Inject
    private Event<SettingsChanged> changed;

    private volatile Settings applied;

    @PostConstruct
    void start() {
        applied = settings.current();
        timers.getTimers().forEach(Timer::cancel);
        timers.createIntervalTimer(EVERY_MILLIS, EVERY_MILLIS, new TimerConfig("settings-watch", false));
    }

    /** Each server on its own (not once per cluster): every server must apply the change to itself. */
    @Timeout
    void check(Timer timer) {
        Settings before = applied;
        Settings now = settings.current();
        var differences = now.differencesFrom(before);
        if (differences.isEmpty()) {
            return;
        }
        applied = now;
        String what = differences.entrySet().stream().map(e -> e.getKey().jsonName() + "=" + e.getValue()).collect(Collectors.joining(", "));
        try {
            changed.fire(new SettingsChanged(before, now));   // its AFTER_SUCCESS observers act when this transaction commits
            ReveilleLogger.LOG.settingsAppliedFromElsewhere(what);
        } catch (InvalidInputException refused) {
            context.setRollbackOnly();
            ReveilleLogger.LOG.settingsNotApplicableHere(what, refused.getMessage());
        }
    }

    /** A change this server made itself, or applied above, is in force here. */
    public void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) SettingsChanged change) {
        applied = change.after();
    }
}
