package org.reveille.protocol;

import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

/** Agent's reply to {@link StatusRequest}: who it is, its role, how long it has been up, what it has sent. */
public record AgentStatus(String machineName, Ipv4Address address, Ipv4Address mask, WireRole role,
        int protocolVersion, boolean secure, long uptimeMillis, long packetsSent) implements Message {

    public AgentStatus {
        Message.requireText(machineName, "machineName", NAME_MAX_BYTES);
        Message.require(address, "address");
        Cidr.prefixLengthOf(Message.require(mask, "mask"));
        Message.require(role, "role");
        if (protocolVersion < 1 || protocolVersion > 255 || uptimeMillis < 0 || packetsSent < 0) {
            throw new IllegalArgumentException("version 1-255, uptime and packets not negative");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.STATUS;
    }

    @Override
    public void write(PayloadWriter out) {
        out.string(machineName, NAME_MAX_BYTES).ipv4(address).ipv4(mask).role(role).u8(protocolVersion).bool(secure)
                .i64(uptimeMillis).i64(packetsSent);
    }

    static AgentStatus read(PayloadReader in) throws ProtocolException {
        String name = in.string("machineName", NAME_MAX_BYTES);
        Ipv4Address address = in.ipv4("address");
        Ipv4Address mask = in.mask("mask");
        WireRole role = in.role("role");
        int version = in.u8("protocolVersion");
        if (version == 0) {
            throw PayloadReader.malformed("protocolVersion must be 1-255");
        }
        return new AgentStatus(name, address, mask, role, version, in.bool("secure"),
                Heartbeat.nonNegative(in.i64("uptimeMillis"), "uptimeMillis"),
                Heartbeat.nonNegative(in.i64("packetsSent"), "packetsSent"));
    }
}
