package org.reveille.protocol;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * One thread that waits on many listening sockets and datagram channels, so that a JVM running thousands of
 * simulated agents does not need a thread per socket. Handlers must be quick: accept and hand off, or read one
 * datagram and record it. Idle, the thread blocks in select and uses no CPU.
 */
public final class SelectorLoop implements Closeable {

    private static final System.Logger LOG = System.getLogger(SelectorLoop.class.getName());

    private final Selector selector;
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean open = true;

    private SelectorLoop(ThreadFactory threads) throws IOException {
        selector = Selector.open();
        thread = threads.newThread(this::run);
    }

    public static SelectorLoop start(ThreadFactory threads) throws IOException {
        SelectorLoop loop = new SelectorLoop(threads);
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
                selector.select();
                // select() has just deregistered the keys of closed channels, releasing their sockets.
                Runnable task;
                while ((task = pending.poll()) != null) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    dispatch(key);
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (open) {
                    LOG.log(System.Logger.Level.WARNING, "selector loop failed once, going on: " + e);
                }
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
