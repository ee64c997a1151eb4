package org.reveille.protocol;

/** The negative reply: the frame or command was refused and nothing was executed. The sender then closes. */
public record ErrorReply(ErrorCode code, String message) implements Message {

    public ErrorReply {
        Message.require(code, "code");
        Message.requireText(message, "message", TEXT_MAX_BYTES);
    }

    @Override
    public MessageType type() {
        return MessageType.ERROR;
    }

    @Override
    public void write(PayloadWriter out) {
        out.u16(code.code()).string(message, TEXT_MAX_BYTES);
    }

    static ErrorReply read(PayloadReader in) throws ProtocolException {
        return new ErrorReply(ErrorCode.fromCode(in.u16("code")), in.string("message", TEXT_MAX_BYTES));
    }
}
