package org.reveille.protocol;

/** Server to agent: are you there, and in what state? The agent answers with {@link AgentStatus}. */
public record StatusRequest() implements Message {

    @Override
    public MessageType type() {
        return MessageType.STATUS_REQUEST;
    }

    @Override
    public void write(PayloadWriter out) {
        // no fields
    }

    static StatusRequest read(PayloadReader in) {
        return new StatusRequest();
    }
}
