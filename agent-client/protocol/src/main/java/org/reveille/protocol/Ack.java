package org.reveille.protocol;

/**
 * The positive reply: the command was accepted. For a {@link WakeBatch} the agent says how many targets it
 * accepted and how many were duplicates; the per-target results follow in a {@link WakeResult}.
 */
public record Ack(int accepted, int duplicates, String detail) implements Message {

    public Ack {
        if (accepted < 0 || accepted > 65535 || duplicates < 0 || duplicates > 65535) {
            throw new IllegalArgumentException("counts must be 0-65535");
        }
        Message.requireText(detail, "detail", TEXT_MAX_BYTES);
    }

    public static Ack of(String detail) {
        return new Ack(0, 0, detail);
    }

    @Override
    public MessageType type() {
        return MessageType.ACK;
    }

    @Override
    public void write(PayloadWriter out) {
        out.u16(accepted).u16(duplicates).string(detail, TEXT_MAX_BYTES);
    }

    static Ack read(PayloadReader in) throws ProtocolException {
        return new Ack(in.u16("accepted"), in.u16("duplicates"), in.string("detail", TEXT_MAX_BYTES));
    }
}
