package org.reveille.protocol;

/**
 * The role the server gives an agent: sent server to agent on 1776 (promotion, demotion), and as the server's
 * reply to a {@link Registration} on 1777 (the role the agent was registered with).
 */
public record RoleChange(WireRole role, String reason) implements Message {

    public RoleChange {
        Message.require(role, "role");
        Message.requireText(reason, "reason", TEXT_MAX_BYTES);
    }

    @Override
    public MessageType type() {
        return MessageType.ROLE_CHANGE;
    }

    @Override
    public void write(PayloadWriter out) {
        out.role(role).string(reason, TEXT_MAX_BYTES);
    }

    static RoleChange read(PayloadReader in) throws ProtocolException {
        return new RoleChange(in.role("role"), in.string("reason", TEXT_MAX_BYTES));
    }
}
