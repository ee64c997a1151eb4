package org.reveille.protocol;

import org.reveille.net.Ipv4Address;

/**
 * Agent to server: this agent is shutting down, promote someone else now
 * (docs/architecture.md#flow-failover-and-hand-over).
 */
public record GoingDown(String machineName, Ipv4Address address, WireRole role, String reason) implements Message {

    public GoingDown {
        Message.requireText(machineName, "machineName", NAME_MAX_BYTES);
        Message.require(address, "address");
        Message.require(role, "role");
        Message.requireText(reason, "reason", TEXT_MAX_BYTES);
    }

    @Override
    public MessageType type() {
        return MessageType.GOING_DOWN;
    }

    @Override
    public void write(PayloadWriter out) {
        out.string(machineName, NAME_MAX_BYTES).ipv4(address).role(role).string(reason, TEXT_MAX_BYTES);
    }

    static GoingDown read(PayloadReader in) throws ProtocolException {
        return new GoingDown(in.string("machineName", NAME_MAX_BYTES), in.ipv4("address"), in.role("role"),
                in.string("reason", TEXT_MAX_BYTES));
    }
}
