package org.reveille.infrastructure.agent;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJBException;
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
import org.reveille.application.AgentRegistry;
import org.reveille.application.DedicatedProxies;
import org.reveille.application.HeartbeatRecorder;
import org.reveille.application.ProxyHandover;
import org.reveille.application.SettingsService.SettingsChanged;
import org.reveille.application.SettingsService;
import org.reveille.application.port.ClusterTimers;
import org.reveille.logging.ReveilleLogger;

/**
 * Last Man Standing (docs/architecture.md#flow-failover-and-hand-over) when the Primary cannot say GOING DOWN: a proxy
 * silent for longer than the heartbeat timeout loses its role at once, its living Alternate is promoted and a new
 * Alternate recruited, without waiting for the next Agent State Manager poll; a dedicated agent nobody may stand in for
 * keeps its role, and its subnet is reported degraded ({@link DedicatedProxies#check}). A non-persistent timer on every
 * server; the decision is taken under the subnet's lock, so that several servers on one database act once.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "AgentListener"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HeartbeatWatchdog {

    @Resource
    private TimerService timers;

    @Inject
    private SettingsService settings;

    @Inject
    private AgentRegistry registry;

    @Inject
    private ProxyHandover handover;

    @Inject
    private HeartbeatRecorder recorder;

    @Inject
    private ClusterTimers clusterTimers;

    @Inject
    private DedicatedProxies dedicated;

    private volatile Duration every = Duration.ofSeconds(1);

    @PostConstruct
    void schedule() {
        schedule(settings.current().heartbeatTimeout());
    }

    /** Checks four times per timeout (at most every 30 s, at least every second). */
    static Duration checkInterval(Duration timeout) {
        Duration quarter = timeout.dividedBy(4);
        Duration max = Duration.ofSeconds(30);
        Duration min = Duration.ofSeconds(1);
        return quarter.compareTo(max) > 0 ? max : quarter.compareTo(min) < 0 ? min : quarter;
    }

    private void schedule(Duration timeout) {
        timers.getTimers().forEach(Timer::cancel);
        every = checkInterval(timeout);
        timers.createIntervalTimer(every.toMillis(), every.toMillis(), new TimerConfig("heartbeat-watchdog", false));
    }

    public void settingsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) SettingsChanged change) {
        if (!change.before().heartbeatTimeout().equals(change.after().heartbeatTimeout())) {
            schedule(change.after().heartbeatTimeout());
        }
    }

    @Timeout
    void check(Timer timer) {
        if (!clusterTimers.claim("heartbeat-watchdog", every)) {
            return;   // another server checks in this interval (docs/cluster.md, "Timers once per cluster")
        }
        recorder.flush();   // the last second's heartbeats first: they decide who is silent
        for (long agentId : registry.silentProxies()) {
            try {
                registry.missedHeartbeats(agentId).ifPresent(handover::handOver);
            } catch (EJBException e) {
                // the agent or its subnet went away meanwhile (deleted, or another server acted): next check decides again
                ReveilleLogger.LOG.debugf(e, "heartbeat check of agent %d", agentId);
            }
        }
        dedicated.check();   // the subnets with dedicated agents: degraded or not, and nobody else in their roles
    }
}
