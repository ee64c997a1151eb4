package org.reveille.protocol;

/**
 * Server to agent: "register with me". The agent acknowledges, then sends a {@link Registration} to
 * {@code serverHost:serverPort} (an empty host means the server it was configured with).
 */
public record RegisterRequest(String serverHost, int serverPort) implements Message {

    public RegisterRequest {
        Message.requireText(serverHost, "serverHost", NAME_MAX_BYTES);
        if (serverPort < 0 || serverPort > 65535) {
            throw new IllegalArgumentException("serverPort must be 0-65535");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.REGISTER;
    }

    @Override
    public void write(PayloadWriter out) {
        out.string(serverHost, NAME_MAX_BYTES).u16(serverPort);
    }

    static RegisterRequest read(PayloadReader in) throws ProtocolException {
        return new RegisterRequest(in.string("serverHost", NAME_MAX_BYTES), in.port("serverPort", true));
    }
}
