package org.reveille.agent;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.reveille.protocol.ListenerRuntime;

/**
 * The threads agents run on: a {@link ListenerRuntime} for their command listeners and probe sockets, and a
 * small scheduler for heartbeats and the messages they send to the server. A real agent has its own; the fleet
 * simulator shares one among all its agents, which is what lets thousands run in one JVM.
 */
public final class AgentPlatform implements Closeable {

    final ListenerRuntime listeners;
    final ScheduledExecutorService background;

    private AgentPlatform(ListenerRuntime listeners, ScheduledExecutorService background) {
        this.listeners = listeners;
        this.background = background;
    }

    /**
     * @param connectionWorkers commands served at once across all agents of this platform
     * @param backgroundThreads threads for heartbeats, registrations and results sent to the server
     */
    public static AgentPlatform create(String name, int connectionWorkers, int backgroundThreads) throws IOException {
        ScheduledThreadPoolExecutor background = new ScheduledThreadPoolExecutor(backgroundThreads,
                ListenerRuntime.daemonThreads(name + "-background"));
        background.setRemoveOnCancelPolicy(true);
        return new AgentPlatform(ListenerRuntime.create(name, connectionWorkers, Duration.ofSeconds(30), null),
                background);
    }

    /** The small platform of one real agent. */
    public static AgentPlatform forOneAgent() throws IOException {
        return create("reveille-agent", 4, 1);
    }

    /** The listener threads, for sockets that share the agents' selector (segment recorders, relays). */
    public ListenerRuntime listeners() {
        return listeners;
    }

    @Override
    public void close() throws IOException {
        background.shutdownNow();
        listeners.close();
    }
}
