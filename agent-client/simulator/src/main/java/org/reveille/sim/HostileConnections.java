package org.reveille.sim;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.StatusRequest;

/**
 * Hostile peers for tests and benchmarks (issue 11): holds {@code count} connections to a listener from a few
 * loopback source addresses, a third of them silent, a third sending two bytes ("RV") and then nothing, a third
 * trickling a frame one byte per tick. A connection the listener closes is opened again at once, so {@code count}
 * are held or attempted the whole time. One thread, non-blocking; loopback (127.0.0.0/8) only.
 */
public final class HostileConnections implements Closeable {

    public enum Kind { IDLE, TWO_BYTES, TRICKLE }

    private static final long TICK_MILLIS = 100;

    private final InetSocketAddress target;
    private final List<InetAddress> sources;
    private final long trickleEveryMillis;
    private final byte[] trickled = new FrameCodec(SecurityContext.plain()).encode(new StatusRequest());
    private final Selector selector;
    private final Slot[] slots;
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong closedByListener = new AtomicLong();
    private final AtomicLong repliesReceived = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();

    private final class Slot {
        final int index;
        final Kind kind;
        final InetAddress source;
        SocketChannel channel;
        boolean connected;
        int sent;

        Slot(int index) {
            this.index = index;
            this.kind = Kind.values()[index % 3];
            this.source = sources.get(index % sources.size());
        }
    }

    private HostileConnections(InetSocketAddress target, List<InetAddress> sources, int count, long trickleEveryMillis)
            throws IOException {
        requireLoopback(target.getAddress());
        sources.forEach(HostileConnections::requireLoopback);
        this.target = target;
        this.sources = List.copyOf(sources);
        this.trickleEveryMillis = trickleEveryMillis;
        this.selector = Selector.open();
        this.slots = new Slot[count];
        for (int i = 0; i < count; i++) {
            slots[i] = new Slot(i);
        }
        thread = new Thread(this::run, "hostile-connections");
        thread.setDaemon(true);
    }

    /**
     * @param sources the 127.x addresses the connections come from, in turn
     * @param trickleEveryMillis how often a trickling connection sends its next byte
     */
    public static HostileConnections start(InetSocketAddress target, List<InetAddress> sources, int count,
            long trickleEveryMillis) throws IOException {
        HostileConnections hostile = new HostileConnections(target, sources, count, trickleEveryMillis);
        hostile.thread.start();
        return hostile;
    }

    /** Connections established and not yet closed. */
    public int open() {
        return open.get();
    }

    /**
     * Waits until at least {@code count} connections are open at once, for at most {@code within}. Connections the
     * listener cuts at one deadline are cut together and reopened at once, so a single look at {@link #open()} can
     * fall into that moment; whether the attack holds its connections is told by waiting for them.
     */
    public boolean awaitOpen(int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (open() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Connections opened (or attempted) so far. */
    public long connects() {
        return connects.get();
    }

    /** Connections the listener closed (deadline, eviction, refusal). */
    public long closedByListener() {
        return closedByListener.get();
    }

    /** Connections on which the listener sent something (an ERROR such as BUSY) before closing. */
    public long repliesReceived() {
        return repliesReceived.get();
    }

    public long connectFailures() {
        return connectFailures.get();
    }

    public String summary() {
        return String.format("%d hostile connections from %d address(es): %d open now, %d opened in all, %d closed by the"
                + " listener, %d answered with an ERROR, %d connects failed", slots.length, sources.size(), open(), connects(),
                closedByListener(), repliesReceived(), connectFailures());
    }

    private void run() {
        long nextTrickle = System.currentTimeMillis();
        ByteBuffer sink = ByteBuffer.allocate(4096);
        while (running) {
            try {
                for (Slot slot : slots) {
                    if (slot.channel == null) {
                        connect(slot);
                    }
                }
                selector.select(TICK_MILLIS);
                for (SelectionKey key : selector.selectedKeys()) {
                    Slot slot = (Slot) key.attachment();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isConnectable()) {
                        finishConnect(slot, key);
                    } else if (key.isReadable()) {
                        sink.clear();
                        int n;
                        try {
                            n = slot.channel.read(sink);
                        } catch (IOException reset) {
                            n = -1;
                        }
                        if (n > 0) {
                            repliesReceived.incrementAndGet();
                        } else if (n < 0) {
                            closedByListener.incrementAndGet();
                            drop(slot);
                        }
                    }
                }
                selector.selectedKeys().clear();
                long now = System.currentTimeMillis();
                if (now >= nextTrickle) {
                    nextTrickle = now + trickleEveryMillis;
                    for (Slot slot : slots) {
                        if (slot.connected && slot.kind == Kind.TRICKLE && slot.sent < trickled.length) {
                            write(slot, new byte[] {trickled[slot.sent]});
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    System.getLogger(HostileConnections.class.getName()).log(System.Logger.Level.DEBUG, "hostile loop: " + e);
                }
            }
        }
    }

    private void connect(Slot slot) {
        connects.incrementAndGet();
        try {
            SocketChannel channel = SocketChannel.open();
            slot.channel = channel;
            slot.connected = false;
            slot.sent = 0;
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress(slot.source, 0));
            if (channel.connect(target)) {
                established(slot, channel.register(selector, SelectionKey.OP_READ, slot));
            } else {
                channel.register(selector, SelectionKey.OP_CONNECT, slot);
            }
        } catch (IOException e) {
            connectFailures.incrementAndGet();
            drop(slot);
        }
    }

    private void finishConnect(Slot slot, SelectionKey key) {
        try {
            slot.channel.finishConnect();
            key.interestOps(SelectionKey.OP_READ);
            established(slot, key);
        } catch (IOException e) {
            connectFailures.incrementAndGet();
            drop(slot);
        }
    }

    private void established(Slot slot, SelectionKey key) {
        slot.connected = true;
        open.incrementAndGet();
        if (slot.kind == Kind.TWO_BYTES) {
            write(slot, new byte[] {'R', 'V'});
        }
    }

    private void write(Slot slot, byte[] bytes) {
        try {
            slot.sent += slot.channel.write(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            closedByListener.incrementAndGet();
            drop(slot);
        }
    }

    private void drop(Slot slot) {
        if (slot.channel != null) {
            if (slot.connected) {
                open.decrementAndGet();
            }
            try {
                slot.channel.close();
            } catch (IOException e) {
                // already gone
            }
        }
        slot.channel = null;
        slot.connected = false;
    }

    private static void requireLoopback(InetAddress address) {
        if (!(address instanceof Inet4Address) || !Ipv4Address.of(address).isLoopback()) {
            throw new IllegalArgumentException("hostile connections only on 127.0.0.0/8, not " + address);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Slot slot : slots) {
            drop(slot);
        }
        selector.close();
    }

    /** {@code n} source addresses 127.a.b.1, 127.a.b.2, ... */
    public static List<InetAddress> sources(String first, int n) throws IOException {
        InetAddress base = InetAddress.getByName(first);
        List<InetAddress> list = new ArrayList<>();
        byte[] bytes = base.getAddress();
        for (int i = 0; i < n; i++) {
            byte[] next = bytes.clone();
            next[3] = (byte) ((bytes[3] & 0xFF) + i);
            list.add(InetAddress.getByAddress(next));
        }
        return list;
    }
}
