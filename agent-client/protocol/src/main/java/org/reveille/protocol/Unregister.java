package org.reveille.protocol;

/** Server to agent: you are no longer a proxy for your subnet; go back to {@link WireRole#MEMBER}. */
public record Unregister(String reason) implements Message {

    public Unregister {
        Message.requireText(reason, "reason", TEXT_MAX_BYTES);
    }

    @Override
    public MessageType type() {
        return MessageType.UNREGISTER;
    }

    @Override
    public void write(PayloadWriter out) {
        out.string(reason, TEXT_MAX_BYTES);
    }

    static Unregister read(PayloadReader in) throws ProtocolException {
        return new Unregister(in.string("reason", TEXT_MAX_BYTES));
    }
}
