package org.reveille.protocol;

import java.util.ArrayList;
import java.util.List;
import org.reveille.net.Ipv4Address;

/**
 * Server to agent: wake these machines on your subnet. {@code port} 0 and {@code repeat} 0 mean the agent's
 * configured defaults. The server delivers at least once; the agent de-duplicates by job id and MAC.
 *
 * <p>{@code pairedBroadcasts} (version 3, docs/protocol.md "Version 3"): the directed-broadcast addresses of the
 * subnet's paired (802.1X unauthenticated) subnets; the agent sends each target's packets to each of them as well as
 * on its own subnet. Empty: its own subnet only, and the batch is written as version 1 (or 2) as before.
 *
 * <p>{@code link} (version 4, "Version 4"): send each target's packets to the all-nodes multicast address {@code ff02::1}
 * of the agent's IPv6 link as well, and say in the result whether they went there. False: the batch is written as
 * version 3 or earlier, as before.
 */
public record WakeBatch(String jobId, int port, int repeat, List<BatchTarget> targets, List<Ipv4Address> pairedBroadcasts,
                        boolean link)
        implements Message {

    /** Most targets in one batch; keeps the frame well under {@link FrameCodec#MAX_FRAME_SIZE}. */
    public static final int MAX_TARGETS = 2048;
    public static final int MAX_REPEAT = 16;
    /** Most paired subnets one batch names (and bits of {@link TargetResult#pairedSent()}). */
    public static final int MAX_PAIRED = 8;

    /** A batch for the agent's own subnet only. */
    public WakeBatch(String jobId, int port, int repeat, List<BatchTarget> targets) {
        this(jobId, port, repeat, targets, List.of(), false);
    }

    /** A batch naming paired broadcasts, without the IPv6 link. */
    public WakeBatch(String jobId, int port, int repeat, List<BatchTarget> targets, List<Ipv4Address> pairedBroadcasts) {
        this(jobId, port, repeat, targets, pairedBroadcasts, false);
    }

    public WakeBatch {
        Message.requireText(jobId, "jobId", NAME_MAX_BYTES);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535");
        }
        if (repeat < 0 || repeat > MAX_REPEAT) {
            throw new IllegalArgumentException("repeat must be 0-" + MAX_REPEAT);
        }
        targets = List.copyOf(Message.require(targets, "targets"));
        if (targets.isEmpty() || targets.size() > MAX_TARGETS) {
            throw new IllegalArgumentException("a batch has 1-" + MAX_TARGETS + " targets, not " + targets.size());
        }
        pairedBroadcasts = List.copyOf(Message.require(pairedBroadcasts, "pairedBroadcasts"));
        if (pairedBroadcasts.size() > MAX_PAIRED) {
            throw new IllegalArgumentException("a batch names at most " + MAX_PAIRED + " paired broadcasts, not " + pairedBroadcasts.size());
        }
        if (pairedBroadcasts.stream().distinct().count() != pairedBroadcasts.size()) {
            throw new IllegalArgumentException("a paired broadcast address is named twice");
        }
    }

    /** Splits any number of targets into batches of at most {@link #MAX_TARGETS}, all of the same job. */
    public static List<WakeBatch> inBatches(String jobId, int port, int repeat, List<BatchTarget> targets) {
        return inBatches(jobId, port, repeat, targets, List.of(), false);
    }

    /** As {@link #inBatches(String, int, int, List)}, each batch naming {@code pairedBroadcasts} and {@code link}. */
    public static List<WakeBatch> inBatches(String jobId, int port, int repeat, List<BatchTarget> targets,
                                            List<Ipv4Address> pairedBroadcasts, boolean link) {
        List<WakeBatch> batches = new ArrayList<>();
        for (int from = 0; from < targets.size(); from += MAX_TARGETS) {
            batches.add(new WakeBatch(jobId, port, repeat,
                    targets.subList(from, Math.min(targets.size(), from + MAX_TARGETS)), pairedBroadcasts, link));
        }
        return batches;
    }

    @Override
    public int minVersion() {
        return link ? FrameCodec.VERSION_IPV6 : pairedBroadcasts.isEmpty() ? 1 : FrameCodec.VERSION_WAKE_PATHS;
    }

    @Override
    public MessageType type() {
        return MessageType.WAKE_BATCH;
    }

    @Override
    public void write(PayloadWriter out) {
        out.string(jobId, NAME_MAX_BYTES).u16(port).u8(repeat).u16(targets.size());
        for (BatchTarget target : targets) {
            target.write(out);
        }
        if (minVersion() >= FrameCodec.VERSION_WAKE_PATHS) {   // version 3: appended after the targets
            out.u8(pairedBroadcasts.size());
            pairedBroadcasts.forEach(out::ipv4);
        }
        if (link) {   // version 4: a flags byte, bit 0 the IPv6 link
            out.u8(1);
        }
    }

    static WakeBatch read(PayloadReader in) throws ProtocolException {
        String jobId = in.string("jobId", NAME_MAX_BYTES);
        int port = in.port("port", true);
        int repeat = in.u8("repeat");
        int count = in.count("targets", MAX_TARGETS);
        List<BatchTarget> targets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            targets.add(BatchTarget.read(in));
        }
        List<Ipv4Address> paired = List.of();
        if (in.version() >= FrameCodec.VERSION_WAKE_PATHS) {
            int pairs = in.u8("pairedBroadcasts");
            if (pairs > MAX_PAIRED) {
                throw PayloadReader.malformed("pairedBroadcasts has " + pairs + " entries, expected 0-" + MAX_PAIRED);
            }
            paired = new ArrayList<>(pairs);
            for (int i = 0; i < pairs; i++) {
                paired.add(in.ipv4("pairedBroadcast"));
            }
        }
        boolean link = false;
        if (in.version() >= FrameCodec.VERSION_IPV6) {
            int flags = in.u8("link flags");
            if (flags > 1) {
                throw PayloadReader.malformed("link flags are " + flags + ", expected 0 or 1");
            }
            link = flags == 1;
        }
        return new WakeBatch(jobId, port, repeat, targets, paired, link);
    }
}
