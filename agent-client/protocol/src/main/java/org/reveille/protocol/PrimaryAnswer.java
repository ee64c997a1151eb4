package org.reveille.protocol;

import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

/** The Primary's unicast answer to a {@link PrimaryProbe}: "I am the Primary for this subnet". */
public record PrimaryAnswer(Cidr subnet, Ipv4Address primary, String machineName) implements Message {

    public PrimaryAnswer {
        Message.require(subnet, "subnet");
        Message.require(primary, "primary");
        Message.requireText(machineName, "machineName", NAME_MAX_BYTES);
    }

    @Override
    public MessageType type() {
        return MessageType.PRIMARY_ANSWER;
    }

    @Override
    public void write(PayloadWriter out) {
        out.cidr(subnet).ipv4(primary).string(machineName, NAME_MAX_BYTES);
    }

    static PrimaryAnswer read(PayloadReader in) throws ProtocolException {
        return new PrimaryAnswer(in.cidr("subnet"), in.ipv4("primary"), in.string("machineName", NAME_MAX_BYTES));
    }
}
