package org.reveille.infrastructure.agent;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
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
import java.time.Instant;
import java.util.Date;
import org.reveille.application.AgentStateManager;
import org.reveille.application.SettingsService;
import org.reveille.application.SettingsService.SettingsChanged;
import org.reveille.application.port.PollSchedule;
import org.reveille.domain.model.settings.Settings;
import org.reveille.logging.ReveilleLogger;

/**
 * The Agent State Manager's schedule: a persistent interval timer with the interval of the settings (10 minutes by
 * default), cancelled when the manager is disabled and rescheduled when the interval changes.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Local(PollSchedule.class)
@LocalBean
public class AgentStateManagerTimer implements PollSchedule {

    @Resource
    private TimerService timers;

    @Inject
    private SettingsService settings;

    @Inject
    private AgentStateManager manager;

    @PostConstruct
    void schedule() {
        schedule(settings.current());
    }

    private void schedule(Settings current) {
        timers.getTimers().forEach(Timer::cancel);
        if (!current.agentStateManagerEnabled()) {
            ReveilleLogger.LOG.pollScheduled("disabled", "-");
            return;
        }
        long interval = current.agentStateManagerInterval().toMillis();
        timers.createIntervalTimer(interval, interval, new TimerConfig("agent-state-manager", true));
        ReveilleLogger.LOG.pollScheduled("every " + current.agentStateManagerInterval().toMinutes() + " minute(s)",
                Instant.now().plusMillis(interval).toString());
    }

    public void settingsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) SettingsChanged change) {
        Settings before = change.before();
        Settings after = change.after();
        if (before.agentStateManagerEnabled() != after.agentStateManagerEnabled()
                || !before.agentStateManagerInterval().equals(after.agentStateManagerInterval())) {
            schedule(after);
        }
    }

    @Timeout
    void timeout(Timer timer) {
        AgentStateManager.pollRetrying(manager, AgentStateManager.Trigger.TIMER);
    }

    /** When the next timer poll is due, or null when the manager is disabled. */
    @Override
    public Instant nextPoll() {
        return timers.getTimers().stream().map(Timer::getNextTimeout).map(Date::toInstant).min(Instant::compareTo).orElse(null);
    }
}
