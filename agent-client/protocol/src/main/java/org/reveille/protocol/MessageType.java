package org.reveille.protocol;

/**
 * Every message type of the protocol (version 1, and the two version 2 added) with its wire code and the channel it
 * travels on.
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
    /** Version 2: a new agent enrolls with a token (docs/protocol.md, "Version 2"). */
    ENROLL(0x15, Channel.AGENT_TO_SERVER, Enroll::read, 2),
    ACK(0x21, Channel.REPLY, Ack::read),
    STATUS(0x22, Channel.REPLY, AgentStatus::read),
    /** Version 2: the server's answer to ENROLL. */
    ENROLLED(0x23, Channel.REPLY, Enrolled::read, 2),
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
    private final int sinceVersion;

    MessageType(int code, Channel channel, Reader reader) {
        this(code, channel, reader, 1);
    }

    MessageType(int code, Channel channel, Reader reader, int sinceVersion) {
        this.code = code;
        this.channel = channel;
        this.reader = reader;
        this.sinceVersion = sinceVersion;
    }

    /** The protocol version that defined this type: a frame of an earlier version may not carry it. */
    public int sinceVersion() {
        return sinceVersion;
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

    /** The type for a wire code, or null when no version defines one. */
    public static MessageType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
