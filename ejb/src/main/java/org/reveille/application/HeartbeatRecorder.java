package org.reveille.application;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
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
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.reveille.application.HeartbeatBuffer.Pending;
import org.reveille.application.port.HeartbeatStore;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Ipv4Address;

/**
 * Records agents' heartbeats. The first heartbeat of an agent this server does not know yet is checked against
 * the database at once (so that an unregistered agent hears "not registered"); the following ones are held in the
 * {@link HeartbeatBuffer} and written every second in batches of {@value #BATCH}. Decisions that read last-seen
 * times (the heartbeat watchdog, Agent State Manager polls) write the held heartbeats first, and the agent
 * registry counts a held heartbeat as a sign of life. A heartbeat held when the server stops is written on
 * undeploy; a crash loses at most the last second of last-seen times, never a registration.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HeartbeatRecorder {

    static final int BATCH = 1000;
    private static final long EVERY_MILLIS = 1000;

    @Resource
    private TimerService timers;

    @Inject
    private HeartbeatBuffer buffer;

    @Inject
    private HeartbeatStore writer;

    @Inject
    private AgentRegistry registry;

    private final ReentrantLock flushing = new ReentrantLock();

    @PostConstruct
    void schedule() {
        timers.getTimers().forEach(Timer::cancel);
        timers.createIntervalTimer(EVERY_MILLIS, EVERY_MILLIS, new TimerConfig("heartbeat-recorder", false));
    }

    /** A heartbeat the buffer did not take (an agent not known yet): checked and written at once. */
    public boolean firstHeartbeat(Ipv4Address address) {
        boolean known = registry.seen(address);
        if (known) {
            buffer.markKnown(address);
        }
        return known;
    }

    @Timeout
    void tick(Timer timer) {
        flush();
    }

    /** Writes every held heartbeat now. A batch that fails is kept for the next attempt, never dropped. */
    public void flush() {
        flushing.lock();
        try {
            List<Pending> held = buffer.drain();
            for (int from = 0; from < held.size(); from += BATCH) {
                List<Pending> batch = held.subList(from, Math.min(held.size(), from + BATCH));
                try {
                    writer.write(batch).forEach(buffer::forget);
                } catch (RuntimeException e) {
                    List<Pending> unwritten = held.subList(from, held.size());
                    buffer.restore(unwritten);
                    ReveilleLogger.LOG.heartbeatsNotWritten(unwritten.size(), String.valueOf(e.getMessage()));
                    return;
                }
            }
        } finally {
            flushing.unlock();
        }
    }

    @PreDestroy
    void stop() {
        flush();
    }
}
