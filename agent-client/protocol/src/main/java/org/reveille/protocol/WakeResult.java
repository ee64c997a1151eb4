package org.reveille.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Agent to server: per target of a wake batch, sent, failed with a reason, or a duplicate not re-sent. The server
 * replies {@link Ack}. When the batch named paired broadcasts ({@code pairedCount}, 0-8), the frame is version 3:
 * their count and a byte per result ({@link TargetResult#pairedSent()}) follow the results, so that the server sees
 * which paths each target's packets took, and which they did not. When the batch asked for the IPv6 link ({@code link}),
 * the frame is version 4: one {@link TargetResult#linkSent()} byte per result follows.
 */
public record WakeResult(String jobId, String machineName, List<TargetResult> results, int pairedCount, boolean link)
        implements Message {

    /** Most results in one frame; an agent reports a larger batch in several WAKE RESULT messages. */
    public static final int MAX_RESULTS = 256;

    public WakeResult {
        Message.requireText(jobId, "jobId", NAME_MAX_BYTES);
        Message.requireText(machineName, "machineName", NAME_MAX_BYTES);
        results = List.copyOf(Message.require(results, "results"));
        if (results.isEmpty() || results.size() > MAX_RESULTS) {
            throw new IllegalArgumentException("1-" + MAX_RESULTS + " results, not " + results.size());
        }
        if (pairedCount < 0 || pairedCount > WakeBatch.MAX_PAIRED) {
            throw new IllegalArgumentException("pairedCount must be 0-" + WakeBatch.MAX_PAIRED);
        }
        for (TargetResult result : results) {
            if (result.pairedSent() >>> pairedCount != 0) {
                throw new IllegalArgumentException("pairedSent " + result.pairedSent() + " names a paired broadcast beyond the batch's " + pairedCount);
            }
            if (result.linkSent() && !link) {
                throw new IllegalArgumentException("linkSent in the result of a batch that did not ask for the IPv6 link");
            }
        }
    }

    /** A result of a batch without paired broadcasts. */
    public WakeResult(String jobId, String machineName, List<TargetResult> results) {
        this(jobId, machineName, results, 0, false);
    }

    /** A result of a batch that did not ask for the IPv6 link. */
    public WakeResult(String jobId, String machineName, List<TargetResult> results, int pairedCount) {
        this(jobId, machineName, results, pairedCount, false);
    }

    @Override
    public MessageType type() {
        return MessageType.WAKE_RESULT;
    }

    @Override
    public int minVersion() {
        return link ? FrameCodec.VERSION_IPV6 : pairedCount > 0 ? FrameCodec.VERSION_WAKE_PATHS : 1;
    }

    @Override
    public void write(PayloadWriter out) {
        out.string(jobId, NAME_MAX_BYTES).string(machineName, NAME_MAX_BYTES).u16(results.size());
        results.forEach(result -> result.write(out));
        if (minVersion() >= FrameCodec.VERSION_WAKE_PATHS) {
            out.u8(pairedCount);
            results.forEach(result -> out.u8(result.pairedSent()));
        }
        if (link) {
            results.forEach(result -> out.bool(result.linkSent()));
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
        int pairedCount = 0;
        if (in.version() >= FrameCodec.VERSION_WAKE_PATHS) {
            pairedCount = in.u8("pairedCount");
            if (pairedCount > WakeBatch.MAX_PAIRED) {
                throw PayloadReader.malformed("pairedCount is " + pairedCount + ", expected 0-" + WakeBatch.MAX_PAIRED);
            }
            for (int i = 0; i < count; i++) {
                int paired = in.u8("result pairedSent");
                if (paired >>> pairedCount != 0) {
                    throw PayloadReader.malformed("result " + (i + 1) + ": pairedSent " + paired + " names a paired broadcast beyond the batch's " + pairedCount);
                }
                try {
                    results.set(i, results.get(i).withPairedSent(paired));
                } catch (IllegalArgumentException e) {
                    throw PayloadReader.malformed("result " + (i + 1) + ": " + e.getMessage());
                }
            }
        }
        boolean link = in.version() >= FrameCodec.VERSION_IPV6;
        if (link) {
            for (int i = 0; i < count; i++) {
                int sent = in.u8("result linkSent");
                if (sent > 1 || sent == 1 && results.get(i).outcome() != TargetResult.Outcome.SENT) {
                    throw PayloadReader.malformed("result " + (i + 1) + ": linkSent " + sent + " for a "
                            + results.get(i).outcome() + " target");
                }
                results.set(i, results.get(i).withLinkSent(sent == 1));
            }
        }
        return new WakeResult(jobId, machineName, results, pairedCount, link);
    }
}
