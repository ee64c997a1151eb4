package org.reveille.protocol;

import java.util.List;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.Ipv6Prefix;
import org.reveille.net.MacAddress;

/**
 * Agent to server: "I am here and can serve my subnet". {@code addresses} lists the agent's IPv4 addresses, the one it
 * listens on first; {@code mask} gives its subnet. {@code previousRole} is the role kept from its last run,
 * {@code requestedRole} what it asks for now (docs/architecture.md#flow-a-returning-agent: PRIMARY only when no
 * Primary answered its probe). The server replies with a {@link RoleChange} carrying the role it granted.
 *
 * <p>{@code ipv6Prefixes} (version 4, docs/protocol.md "Version 4"): the IPv6 prefixes of the agent's link (global or
 * unique-local, never link-local), so that the server can place IPv6 addresses on the agent's subnet. Empty: the frame
 * is written as before.
 */
public record Registration(String machineName, List<Ipv4Address> addresses, Ipv4Address mask, MacAddress mac,
        int listenPort, WireRole previousRole, WireRole requestedRole, int protocolVersion, boolean secure,
        List<Ipv6Prefix> ipv6Prefixes)
        implements Message {

    public static final int MAX_ADDRESSES = 16;
    /** Most IPv6 prefixes one link announces. */
    public static final int MAX_IPV6_PREFIXES = 8;

    /** A registration without IPv6 prefixes. */
    public Registration(String machineName, List<Ipv4Address> addresses, Ipv4Address mask, MacAddress mac,
                        int listenPort, WireRole previousRole, WireRole requestedRole, int protocolVersion, boolean secure) {
        this(machineName, addresses, mask, mac, listenPort, previousRole, requestedRole, protocolVersion, secure, List.of());
    }

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
        ipv6Prefixes = List.copyOf(Message.require(ipv6Prefixes, "ipv6Prefixes"));
        String problem = linkPrefixProblem(ipv6Prefixes);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why {@code prefixes} cannot be a link's IPv6 prefixes, or null when they can. */
    static String linkPrefixProblem(List<Ipv6Prefix> prefixes) {
        if (prefixes.size() > MAX_IPV6_PREFIXES) {
            return "at most " + MAX_IPV6_PREFIXES + " IPv6 prefixes, not " + prefixes.size();
        }
        if (prefixes.stream().distinct().count() != prefixes.size()) {
            return "an IPv6 prefix is named twice";
        }
        for (Ipv6Prefix prefix : prefixes) {
            if (prefix.prefixLength() < 1 || !prefix.networkAddress().isGlobalOrUniqueLocal()) {
                return "not a link's global or unique-local IPv6 prefix: " + prefix;
            }
        }
        return null;
    }

    @Override
    public int minVersion() {
        return ipv6Prefixes.isEmpty() ? 1 : FrameCodec.VERSION_IPV6;
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
        if (!ipv6Prefixes.isEmpty()) {   // version 4 (minVersion): appended
            out.u8(ipv6Prefixes.size());
            ipv6Prefixes.forEach(out::ipv6Prefix);
        }
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
        boolean secure = in.bool("secure");
        List<Ipv6Prefix> prefixes = List.of();
        if (in.version() >= FrameCodec.VERSION_IPV6) {
            int count = in.u8("ipv6Prefixes");
            if (count > MAX_IPV6_PREFIXES) {
                throw PayloadReader.malformed("ipv6Prefixes has " + count + " entries, expected 0-" + MAX_IPV6_PREFIXES);
            }
            prefixes = new java.util.ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                prefixes.add(in.ipv6Prefix("ipv6Prefix"));
            }
            String problem = linkPrefixProblem(prefixes);
            if (problem != null) {
                throw PayloadReader.malformed(problem);
            }
        }
        return new Registration(name, addresses, mask, mac, listenPort, previous, requested, version, secure, prefixes);
    }
}
