package org.reveille.protocol;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One thread that waits on many listening sockets, connections and datagram channels, so that a JVM running
 * thousands of simulated agents does not need a thread per socket. Handlers must be quick: accept, read what is
 * there, hand a complete frame off, or read one datagram and record it. Tickers (deadline sweeps) run about every
 * {@link #TICK_MILLIS} ms while any is registered; otherwise the thread blocks in select and uses no CPU.
 *
 * <p>With a <em>gathering pause</em>, the thread rests that long after a round that found ready channels before it
 * selects again, so that what arrives meanwhile is handled in one round: many peers' frames cost one wake-up of the
 * thread instead of one each, for a delay of at most the pause (the server's agent listener: heartbeats of
 * thousands of agents on held connections; docs/architecture.md, "Heartbeats"). A round in which a handler called
 * {@link #hurry()}, or a worker handed something back, is not followed by a pause: only rounds of patient traffic
 * are gathered.
 */
public final class SelectorLoop implements Closeable {

    private static final System.Logger LOG = System.getLogger(SelectorLoop.class.getName());

    private final Selector selector;
    static final long TICK_MILLIS = 100;

    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final java.util.List<Runnable> tickers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long nextTick;
    private final Thread thread;
    private volatile boolean open = true;

    private final long gatherNanos;
    /** Set by a handler in this round (loop thread only): no gathering pause after it. */
    private boolean hurry;

    private SelectorLoop(ThreadFactory threads, Duration gather) throws IOException {
        selector = Selector.open();
        thread = threads.newThread(this::run);
        gatherNanos = gather.toNanos();
    }

    public static SelectorLoop start(ThreadFactory threads) throws IOException {
        return start(threads, Duration.ZERO);
    }

    /** A loop that rests {@code gather} after each round that found ready channels (zero: never). */
    public static SelectorLoop start(ThreadFactory threads, Duration gather) throws IOException {
        if (gather.isNegative() || gather.compareTo(Duration.ofMillis(100)) > 0) {
            throw new IllegalArgumentException("a gathering pause is between 0 and 100 ms, not " + gather);
        }
        SelectorLoop loop = new SelectorLoop(threads, gather);
        loop.thread.start();
        return loop;
    }

    /**
     * Registers a channel (switched to non-blocking); {@code onReady} runs on the loop thread whenever it is
     * ready for {@code ops}. Returns at once; the registration takes effect on the loop thread.
     */
    public void register(SelectableChannel channel, int ops, Consumer<SelectionKey> onReady) throws IOException {
        channel.configureBlocking(false);
        pending.add(() -> {
            try {
                channel.register(selector, ops, onReady);
            } catch (ClosedChannelException e) {
                LOG.log(System.Logger.Level.DEBUG, "channel closed before registration");
            }
        });
        selector.wakeup();
    }

    /**
     * Registers a channel now; only on the loop thread (from a handler), where the registration cannot race with
     * select.
     */
    SelectionKey registerNow(SelectableChannel channel, int ops, Consumer<SelectionKey> onReady) throws IOException {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("registerNow is for the selector thread");
        }
        channel.configureBlocking(false);
        return channel.register(selector, ops, onReady);
    }

    /** On the loop thread, from a handler: this round's traffic is not to wait for the gathering pause. */
    void hurry() {
        hurry = true;
    }

    /**
     * Runs {@code task} on the loop thread after its next select, which has by then deregistered the keys cancelled
     * before this call: the way for a worker to hand results back to the loop.
     */
    void execute(Runnable task) {
        pending.add(task);
        selector.wakeup();
    }

    /** Runs {@code ticker} on the loop thread about every {@link #TICK_MILLIS} ms until removed. */
    void addTicker(Runnable ticker) {
        tickers.add(ticker);
        selector.wakeup();
    }

    void removeTicker(Runnable ticker) {
        tickers.remove(ticker);
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Closes a registered channel and returns once its socket is really released. A registered channel's close
     * is completed by the selector, so without this a restarted agent could find its port still taken.
     */
    public void close(SelectableChannel channel) throws IOException {
        channel.close();
        if (!open) {
            return;
        }
        if (Thread.currentThread() == thread) {
            selector.selectNow();
            return;
        }
        CompletableFuture<Void> released = new CompletableFuture<>();
        pending.add(() -> {
            // The key may have been cancelled after this round's select(); selectNow() deregisters it for sure.
            try {
                selector.selectNow();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "selectNow failed: " + e);
            }
            released.complete(null);
        });
        selector.wakeup();
        try {
            released.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "selector did not confirm the close of " + channel);
        }
    }

    private void run() {
        while (open) {
            try {
                int ready = tickers.isEmpty() ? selector.select()
                        : selector.select(Math.max(1, nextTick - System.currentTimeMillis()));
                // select() has just deregistered the keys of closed channels, releasing their sockets.
                Runnable task;
                boolean handedBack = false;
                while ((task = pending.poll()) != null) {
                    handedBack = true;
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "selector task failed: " + e);
                    }
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    dispatch(key);
                }
                selector.selectedKeys().clear();
                tick();
                if (ready > 0 && gatherNanos > 0 && open && !hurry && !handedBack) {
                    LockSupport.parkNanos(gatherNanos);   // let the next frames gather: one wake-up for all of them
                }
                hurry = false;
            } catch (IOException | RuntimeException e) {
                if (open) {
                    LOG.log(System.Logger.Level.WARNING, "selector loop failed once, going on: " + e);
                }
            }
        }
    }

    private void tick() {
        long now = System.currentTimeMillis();
        if (tickers.isEmpty() || now < nextTick) {
            return;
        }
        nextTick = now + TICK_MILLIS;
        for (Runnable ticker : tickers) {
            try {
                ticker.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "ticker failed: " + e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        try {
            ((Consumer<SelectionKey>) key.attachment()).accept(key);
        } catch (RuntimeException e) {
            // One bad channel must not stop the others.
            LOG.log(System.Logger.Level.WARNING, "handler failed for " + key.channel() + ": " + e);
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
    }
}
