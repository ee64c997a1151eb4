package org.reveille.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Agent to server: per target of a wake batch, sent, failed with a reason, or a duplicate not re-sent. The server
 * replies {@link Ack}.
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
    public void write(PayloadWriter out) {
        out.string(jobId, NAME_MAX_BYTES).string(machineName, NAME_MAX_BYTES).u16(results.size());
        results.forEach(result -> result.write(out));
    }

    static WakeResult read(PayloadReader in) throws ProtocolException {
        String jobId = in.string("jobId", NAME_MAX_BYTES);
        String machineName = in.string("machineName", NAME_MAX_BYTES);
        int count = in.count("results", MAX_RESULTS);
        List<TargetResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            results.add(TargetResult.read(in));
        }
        return new WakeResult(jobId, machineName, results);
    }
}
