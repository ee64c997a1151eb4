package org.reveille.protocol;

/**
 * Every message type of protocol version 1 with its wire code and the channel it travels on.
 * Codes are grouped: 0x0_ server to agent (TCP 1776), 0x1_ agent to server (TCP 1777), 0x2_ replies on either,
 * 0x3_ agent to agent (UDP on the subnet).
 */
public enum MessageType {
    REGISTER(0x01, Channel.SERVER_TO_AGENT, RegisterRequest::read),
    WAKE_BATCH(0x02, Channel.SERVER_TO_AGENT, WakeBatch::read),
    STATUS_REQUEST(0x03, Channel.SERVER_TO_AGENT, StatusRequest::read),
    UNREGISTER(0x04, Channel.SERVER_TO_AGENT, Unregister::read),
    ROLE_CHANGE(0x05, Channel.SERVER_TO_AGENT, RoleChange::read),
    REGISTRATION(0x11, Channel.AGENT_TO_SERVER, Registration::read),
    HEARTBEAT(0x12, Channel.AGENT_TO_SERVER, Heartbeat::read),
    WAKE_RESULT(0x13, Channel.AGENT_TO_SERVER, WakeResult::read),
    GOING_DOWN(0x14, Channel.AGENT_TO_SERVER, GoingDown::read),
    ACK(0x21, Channel.REPLY, Ack::read),
    STATUS(0x22, Channel.REPLY, AgentStatus::read),
    ERROR(0x2F, Channel.REPLY, ErrorReply::read),
    PRIMARY_PROBE(0x31, Channel.AGENT_TO_AGENT, PrimaryProbe::read),
    PRIMARY_ANSWER(0x32, Channel.AGENT_TO_AGENT, PrimaryAnswer::read);

    /** Where a message type travels; a receiver refuses types that do not belong on its channel. */
    public enum Channel { SERVER_TO_AGENT, AGENT_TO_SERVER, REPLY, AGENT_TO_AGENT }

    @FunctionalInterface
    interface Reader {
        Message read(PayloadReader in) throws ProtocolException;
    }

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final Channel channel;
    private final Reader reader;

    MessageType(int code, Channel channel, Reader reader) {
        this.code = code;
        this.channel = channel;
        this.reader = reader;
    }

    public int code() {
        return code;
    }

    public Channel channel() {
        return channel;
    }

    Message read(PayloadReader in) throws ProtocolException {
        return reader.read(in);
    }

    /** The type for a wire code, or null when version 1 defines none. */
    public static MessageType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
