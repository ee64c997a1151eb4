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
 * The threads that listeners share: one {@link SelectorLoop} for accepting and a bounded pool of workers that
 * serve connections with blocking I/O. One agent has one; the fleet simulator shares one among thousands of
 * agents; the server passes its managed thread factory. Workers time out when idle, so an idle agent keeps
 * only the selector thread.
 */
public final class ListenerRuntime implements Closeable {

    private final SelectorLoop selector;
    private final ThreadPoolExecutor workers;
    private final Duration idleTimeout;

    private ListenerRuntime(SelectorLoop selector, ThreadPoolExecutor workers, Duration idleTimeout) {
        this.selector = selector;
        this.workers = workers;
        this.idleTimeout = idleTimeout;
    }

    /**
     * @param maxWorkers connections served at once; more wait in a queue of {@code 4 × maxWorkers}, beyond
     *        that a connection is refused with BUSY
     * @param idleTimeout how long a connection may stay silent before it is closed
     * @param threads where threads come from (a ManagedThreadFactory on the server), null for daemon threads
     */
    public static ListenerRuntime create(String name, int maxWorkers, Duration idleTimeout, ThreadFactory threads)
            throws IOException {
        ThreadFactory factory = threads != null ? threads : daemonThreads(name);
        ThreadPoolExecutor workers = new ThreadPoolExecutor(maxWorkers, maxWorkers, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(4 * maxWorkers), factory);
        workers.allowCoreThreadTimeOut(true);
        return new ListenerRuntime(SelectorLoop.start(factory), workers, idleTimeout);
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

    Duration idleTimeout() {
        return idleTimeout;
    }

    @Override
    public void close() throws IOException {
        workers.shutdownNow();
        selector.close();
    }
}
