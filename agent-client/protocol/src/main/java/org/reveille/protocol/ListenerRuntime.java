package org.reveille.protocol;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that listeners share: one {@link SelectorLoop} that accepts connections and reads their bytes, and a
 * bounded pool of workers that execute complete frames. One agent has one; the fleet simulator shares one among
 * thousands of agents; the server passes its managed thread factory. A worker is only ever given a complete frame,
 * so silent or trickling peers hold no worker. The work queue needs no bound of its own: each connection has at
 * most one frame in it and connections are capped by the {@link ListenerLimits}. Workers time out when idle, so an
 * idle agent keeps only the selector thread.
 */
public final class ListenerRuntime implements Closeable {

    private final SelectorLoop selector;
    private final ThreadPoolExecutor workers;
    private final ListenerLimits limits;

    private ListenerRuntime(SelectorLoop selector, ThreadPoolExecutor workers, ListenerLimits limits) {
        this.selector = selector;
        this.workers = workers;
        this.limits = limits;
    }

    /**
     * @param maxWorkers frames executed at once; more wait in the queue
     * @param idleTimeout how long a connection may stay silent between frames (the frame deadlines are the
     *        defaults of {@link ListenerLimits}, never longer than this)
     * @param threads where threads come from (a ManagedThreadFactory on the server), null for daemon threads
     */
    public static ListenerRuntime create(String name, int maxWorkers, Duration idleTimeout, ThreadFactory threads)
            throws IOException {
        return create(name, maxWorkers, ListenerLimits.defaults().withIdleTimeout(idleTimeout), threads);
    }

    /** As above, with the limits every listener of this runtime starts with unless it is given its own. */
    public static ListenerRuntime create(String name, int maxWorkers, ListenerLimits limits, ThreadFactory threads)
            throws IOException {
        return create(name, maxWorkers, limits, threads, Duration.ZERO);
    }

    /** As above, with the selector's gathering pause (see {@link SelectorLoop}). */
    public static ListenerRuntime create(String name, int maxWorkers, ListenerLimits limits, ThreadFactory threads,
            Duration gather) throws IOException {
        ThreadFactory factory = threads != null ? threads : daemonThreads(name);
        ThreadPoolExecutor workers = new ThreadPoolExecutor(maxWorkers, maxWorkers, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        workers.allowCoreThreadTimeOut(true);
        return new ListenerRuntime(SelectorLoop.start(factory, gather), workers, limits);
    }

    public static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public SelectorLoop selector() {
        return selector;
    }

    ExecutorService workers() {
        return workers;
    }

    public ListenerLimits limits() {
        return limits;
    }

    Duration idleTimeout() {
        return limits.idleTimeout();
    }

    @Override
    public void close() throws IOException {
        workers.shutdownNow();
        selector.close();
    }
}
