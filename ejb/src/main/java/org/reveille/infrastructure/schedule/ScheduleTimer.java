package org.reveille.infrastructure.schedule;

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
import jakarta.inject.Inject;
import java.time.Duration;
import org.reveille.application.ScheduleRunner;
import org.reveille.logging.ReveilleLogger;

/**
 * Looks for due schedule firings every {@link #EVERY} on every server (docs/architecture.md, "Schedules and maintenance
 * windows"). The timer itself is not persistent: the schedules are (their next firing is a column), and a firing runs
 * once because {@link ScheduleRunner} fires it under its schedule's row lock, not because one server owns the timer.
 * So a server that was down finds, at its first tick, what fell due meanwhile.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ScheduleTimer {

    static final Duration EVERY = Duration.ofSeconds(10);

    @Resource
    private TimerService timers;

    @Inject
    private ScheduleRunner runner;

    @PostConstruct
    void schedule() {
        timers.getTimers().forEach(Timer::cancel);
        timers.createIntervalTimer(EVERY.toMillis(), EVERY.toMillis(), new TimerConfig("schedules", false));
    }

    @Timeout
    void tick() {
        try {
            runner.runDue();
        } catch (RuntimeException e) {
            ReveilleLogger.LOG.scheduleTickFailed(String.valueOf(e.getMessage()), e);
        }
    }
}
