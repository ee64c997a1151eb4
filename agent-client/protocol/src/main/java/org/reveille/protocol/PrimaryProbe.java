package org.reveille.protocol;

import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

/**
 * Agent to agents, UDP broadcast on the subnet (docs/architecture.md#flow-a-returning-agent): "is there a Primary for
 * this subnet?". Only an agent that is Primary for {@code subnet} answers, by unicast to {@code asker}.
 */
public record PrimaryProbe(Cidr subnet, Ipv4Address asker, String machineName) implements Message {

    public PrimaryProbe {
        Message.require(subnet, "subnet");
        Message.require(asker, "asker");
        Message.requireText(machineName, "machineName", NAME_MAX_BYTES);
    }

    @Override
    public MessageType type() {
        return MessageType.PRIMARY_PROBE;
    }

    @Override
    public void write(PayloadWriter out) {
        out.cidr(subnet).ipv4(asker).string(machineName, NAME_MAX_BYTES);
    }

    static PrimaryProbe read(PayloadReader in) throws ProtocolException {
        return new PrimaryProbe(in.cidr("subnet"), in.ipv4("asker"), in.string("machineName", NAME_MAX_BYTES));
    }
}
