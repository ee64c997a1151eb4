package org.reveille.protocol;

import java.util.List;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * Agent to server: "I am here and can serve my subnet". {@code addresses} lists the agent's IPv4 addresses, the one it
 * listens on first; {@code mask} gives its subnet. {@code previousRole} is the role kept from its last run,
 * {@code requestedRole} what it asks for now (docs/architecture.md#flow-a-returning-agent: PRIMARY only when no
 * Primary answered its probe). The server replies with a {@link RoleChange} carrying the role it granted.
 */
public record Registration(String machineName, List<Ipv4Address> addresses, Ipv4Address mask, MacAddress mac,
        int listenPort, WireRole previousRole, WireRole requestedRole, int protocolVersion, boolean secure)
        implements Message {

    public static final int MAX_ADDRESSES = 16;

    public Registration {
        Message.requireText(machineName, "machineName", NAME_MAX_BYTES);
        addresses = List.copyOf(Message.require(addresses, "addresses"));
        if (addresses.isEmpty() || addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("1-" + MAX_ADDRESSES + " addresses, not " + addresses.size());
        }
        Cidr.prefixLengthOf(Message.require(mask, "mask"));
        Message.require(mac, "mac");
        if (listenPort < 1 || listenPort > 65535) {
            throw new IllegalArgumentException("listenPort must be 1-65535");
        }
        Message.require(previousRole, "previousRole");
        Message.require(requestedRole, "requestedRole");
        if (protocolVersion < 1 || protocolVersion > 255) {
            throw new IllegalArgumentException("protocolVersion must be 1-255");
        }
    }

    /** The address the agent listens on. */
    public Ipv4Address address() {
        return addresses.get(0);
    }

    /** The agent's subnet, from its listening address and mask. */
    public Cidr subnet() {
        return Cidr.containing(address(), mask);
    }

    @Override
    public MessageType type() {
        return MessageType.REGISTRATION;
    }

    @Override
    public void write(PayloadWriter out) {
        out.string(machineName, NAME_MAX_BYTES).u8(addresses.size());
        addresses.forEach(out::ipv4);
        out.ipv4(mask).mac(mac).u16(listenPort).role(previousRole).role(requestedRole).u8(protocolVersion)
                .bool(secure);
    }

    static Registration read(PayloadReader in) throws ProtocolException {
        String name = in.string("machineName", NAME_MAX_BYTES);
        List<Ipv4Address> addresses = in.ipv4List("addresses", MAX_ADDRESSES);
        Ipv4Address mask = in.mask("mask");
        MacAddress mac = in.mac("mac");
        int listenPort = in.port("listenPort", false);
        WireRole previous = in.role("previousRole");
        WireRole requested = in.role("requestedRole");
        int version = in.u8("protocolVersion");
        if (version == 0) {
            throw PayloadReader.malformed("protocolVersion must be 1-255");
        }
        return new Registration(name, addresses, mask, mac, listenPort, previous, requested, version,
                in.bool("secure"));
    }
}
