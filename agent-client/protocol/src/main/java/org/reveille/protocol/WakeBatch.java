package org.reveille.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Server to agent: wake these machines on your subnet. {@code port} 0 and {@code repeat} 0 mean the agent's
 * configured defaults. The server delivers at least once; the agent de-duplicates by job id and MAC.
 */
public record WakeBatch(String jobId, int port, int repeat, List<BatchTarget> targets) implements Message {

    /** Most targets in one batch; keeps the frame well under {@link FrameCodec#MAX_FRAME_SIZE}. */
    public static final int MAX_TARGETS = 2048;
    public static final int MAX_REPEAT = 16;

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
    }

    /** Splits any number of targets into batches of at most {@link #MAX_TARGETS}, all of the same job. */
    public static List<WakeBatch> inBatches(String jobId, int port, int repeat, List<BatchTarget> targets) {
        List<WakeBatch> batches = new ArrayList<>();
        for (int from = 0; from < targets.size(); from += MAX_TARGETS) {
            batches.add(new WakeBatch(jobId, port, repeat,
                    targets.subList(from, Math.min(targets.size(), from + MAX_TARGETS))));
        }
        return batches;
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
        return new WakeBatch(jobId, port, repeat, targets);
    }
}
