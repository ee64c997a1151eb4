package org.reveille.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Agent to server: per target of a wake batch, sent, failed with a reason, or a duplicate not re-sent. The server
 * replies {@link Ack}. When a result names paired broadcasts ({@link TargetResult#pairedSent()}), the frame is version
 * 3 and a byte per result follows the results.
 */
public record WakeResult(String jobId, String machineName, List<TargetResult> results) implements Message {

    /** Most results in one frame; an agent reports a larger batch in several WAKE RESULT messages. */
    public static final int MAX_RESULTS = 256;

    public WakeResult {
        Message.requireText(jobId, "jobId", NAME_MAX_BYTES);
        Message.requireText(machineName, "machineName", NAME_MAX_BYTES);
        results = List.copyOf(Message.require(results, "results"));
        if (results.isEmpty() || results.size() > MAX_RESULTS) {
            throw new IllegalArgumentException("1-" + MAX_RESULTS + " results, not " + results.size());
        }
    }

    @Override
    public MessageType type() {
        return MessageType.WAKE_RESULT;
    }

    @Override
    public int minVersion() {
        return results.stream().anyMatch(r -> r.pairedSent() != 0) ? FrameCodec.VERSION_WAKE_PATHS : 1;
    }

    @Override
    public void write(PayloadWriter out) {
        out.string(jobId, NAME_MAX_BYTES).string(machineName, NAME_MAX_BYTES).u16(results.size());
        results.forEach(result -> result.write(out));
        if (minVersion() >= FrameCodec.VERSION_WAKE_PATHS) {
            results.forEach(result -> out.u8(result.pairedSent()));
        }
    }

    static WakeResult read(PayloadReader in) throws ProtocolException {
        String jobId = in.string("jobId", NAME_MAX_BYTES);
        String machineName = in.string("machineName", NAME_MAX_BYTES);
        int count = in.count("results", MAX_RESULTS);
        List<TargetResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            results.add(TargetResult.read(in));
        }
        if (in.version() >= FrameCodec.VERSION_WAKE_PATHS) {
            for (int i = 0; i < count; i++) {
                int paired = in.u8("result pairedSent");
                try {
                    results.set(i, results.get(i).withPairedSent(paired));
                } catch (IllegalArgumentException e) {
                    throw PayloadReader.malformed("result " + (i + 1) + ": " + e.getMessage());
                }
            }
        }
        return new WakeResult(jobId, machineName, results);
    }
}
