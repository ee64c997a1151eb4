package org.reveille.protocol;

import org.reveille.net.Ipv4Address;

/**
 * Agent to server: a proxy agent is alive (Last Man Standing, docs/architecture.md#flow-heartbeats). The server replies
 * {@link Ack}.
 */
public record Heartbeat(String machineName, Ipv4Address address, WireRole role, long uptimeMillis,
        long packetsSent) implements Message {

    public Heartbeat {
        Message.requireText(machineName, "machineName", NAME_MAX_BYTES);
        Message.require(address, "address");
        Message.require(role, "role");
        if (uptimeMillis < 0 || packetsSent < 0) {
            throw new IllegalArgumentException("uptime and packet count cannot be negative");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.HEARTBEAT;
    }

    @Override
    public void write(PayloadWriter out) {
        out.string(machineName, NAME_MAX_BYTES).ipv4(address).role(role).i64(uptimeMillis).i64(packetsSent);
    }

    static Heartbeat read(PayloadReader in) throws ProtocolException {
        return new Heartbeat(in.string("machineName", NAME_MAX_BYTES), in.ipv4("address"), in.role("role"),
                nonNegative(in.i64("uptimeMillis"), "uptimeMillis"), nonNegative(in.i64("packetsSent"), "packetsSent"));
    }

    static long nonNegative(long value, String field) throws ProtocolException {
        if (value < 0) {
            throw PayloadReader.malformed(field + " is negative");
        }
        return value;
    }
}
