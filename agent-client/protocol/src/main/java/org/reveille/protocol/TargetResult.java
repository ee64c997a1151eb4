package org.reveille.protocol;

import org.reveille.net.MacAddress;

/**
 * What an agent did for one target of a batch. {@code reason} is empty when the packets were sent. {@code pairedSent}
 * (version 3): bit i set when the packets went to the batch's paired broadcast i as well; 0 without pairs.
 * {@code linkSent} (version 4): the packets went to {@code ff02::1} on the agent's IPv6 link as well.
 */
public record TargetResult(MacAddress mac, Outcome outcome, int datagrams, String reason, int pairedSent, boolean linkSent) {

    /** Reasons are short ("no route to 127.20.5.255"), so that a full result frame stays small. */
    public static final int REASON_MAX_BYTES = 128;

    /** The wire codes are fixed: SENT 0, FAILED 1, DUPLICATE 2. */
    public enum Outcome {
        /** The magic packets were handed to the network stack. */
        SENT,
        /** Nothing could be sent; {@code reason} says why. */
        FAILED,
        /** The same job and MAC was already executed within the de-duplication window: not sent again. */
        DUPLICATE
    }

    public TargetResult(MacAddress mac, Outcome outcome, int datagrams, String reason) {
        this(mac, outcome, datagrams, reason, 0, false);
    }

    public TargetResult(MacAddress mac, Outcome outcome, int datagrams, String reason, int pairedSent) {
        this(mac, outcome, datagrams, reason, pairedSent, false);
    }

    public static TargetResult sent(MacAddress mac, int datagrams) {
        return new TargetResult(mac, Outcome.SENT, datagrams, "");
    }

    /** Sent, to the paired broadcasts of {@code pairedSent}'s bits too. */
    public static TargetResult sent(MacAddress mac, int datagrams, int pairedSent) {
        return new TargetResult(mac, Outcome.SENT, datagrams, "", pairedSent, false);
    }

    /** Sent, to the paired broadcasts of {@code pairedSent}'s bits and, when {@code linkSent}, to the IPv6 link too. */
    public static TargetResult sent(MacAddress mac, int datagrams, int pairedSent, boolean linkSent) {
        return new TargetResult(mac, Outcome.SENT, datagrams, "", pairedSent, linkSent);
    }

    /** A failure, its reason cut to {@link #REASON_MAX_BYTES}. */
    public static TargetResult failed(MacAddress mac, String reason) {
        String shortReason = reason;
        while (shortReason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > REASON_MAX_BYTES) {
            shortReason = shortReason.substring(0, shortReason.length() - 1);
        }
        return new TargetResult(mac, Outcome.FAILED, 0, shortReason);
    }

    public TargetResult {
        Message.require(mac, "mac");
        Message.require(outcome, "outcome");
        Message.requireText(reason, "reason", REASON_MAX_BYTES);
        if (datagrams < 0 || datagrams > 65535) {
            throw new IllegalArgumentException("datagrams must be 0-65535");
        }
        if (pairedSent < 0 || pairedSent >= 1 << WakeBatch.MAX_PAIRED) {
            throw new IllegalArgumentException("pairedSent must be 0-" + ((1 << WakeBatch.MAX_PAIRED) - 1));
        }
        if (pairedSent != 0 && outcome != Outcome.SENT) {
            throw new IllegalArgumentException("pairedSent is only for a sent target");
        }
        if (linkSent && outcome != Outcome.SENT) {
            throw new IllegalArgumentException("linkSent is only for a sent target");
        }
    }

    void write(PayloadWriter out) {
        out.mac(mac).u8(outcome.ordinal()).u16(datagrams).string(reason, REASON_MAX_BYTES);
    }

    static TargetResult read(PayloadReader in) throws ProtocolException {
        MacAddress mac = in.mac("result mac");
        int outcome = in.u8("result outcome");
        if (outcome >= Outcome.values().length) {
            throw PayloadReader.malformed("unknown outcome " + outcome);
        }
        return new TargetResult(mac, Outcome.values()[outcome], in.u16("result datagrams"),
                in.string("result reason", REASON_MAX_BYTES));
    }

    /** This result with the version-3 field read ({@link WakeResult} appends it after all results). */
    TargetResult withPairedSent(int paired) {
        return new TargetResult(mac, outcome, datagrams, reason, paired, linkSent);
    }

    /** This result with the version-4 field read. */
    TargetResult withLinkSent(boolean link) {
        return new TargetResult(mac, outcome, datagrams, reason, pairedSent, link);
    }
}
