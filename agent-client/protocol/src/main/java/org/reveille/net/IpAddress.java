package org.reveille.net;

/**
 * An IPv4 or an IPv6 address, for the places that hold either (a wake path goes to an IPv4 broadcast or to an IPv6
 * link's all-nodes multicast address).
 */
public sealed interface IpAddress permits Ipv4Address, Ipv6Address {

    /** An IPv6 address when the text has a ':', else an IPv4 one; {@link InvalidAddressException} for neither. */
    static IpAddress parse(String text) {
        return text != null && text.indexOf(':') >= 0 ? Ipv6Address.parse(text) : Ipv4Address.parse(text);
    }
}
