package org.reveille.domain.model.subnet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.net.Cidr;
import org.reveille.net.InvalidAddressException;
import org.reveille.net.Ipv6Prefix;

/**
 * The IPv6 prefixes an administrator gives a subnet's link (docs/network.md, "IPv6"), validated: each a strict prefix
 * (no host bits) of 1 to 128 bits, global or unique-local (not link-local, multicast or ::/n), at most
 * {@value #MAX}, none twice, none inside another. Empty: the subnet has no administrator's prefixes (agents may still
 * announce theirs).
 */
public record LinkPrefixes(Cidr subnet, List<Ipv6Prefix> prefixes) {

    public static final int MAX = 8;

    public LinkPrefixes {
        prefixes = List.copyOf(prefixes);
    }

    /** From a request's texts: {@code subnet} (CIDR) and {@code prefixes}; every bad member named. */
    public static LinkPrefixes of(String subnet, List<String> prefixes) {
        List<Violation> violations = new ArrayList<>();
        Cidr network = SubnetPairing.parse(subnet, "subnet", violations);
        Set<Ipv6Prefix> parsed = new LinkedHashSet<>();
        if (prefixes == null) {
            violations.add(new Violation("prefixes", "required: a list of IPv6 prefixes such as 2001:db8:5:1::/64, empty for none"));
        } else if (prefixes.size() > MAX) {
            violations.add(new Violation("prefixes", "at most " + MAX + " prefixes per subnet, not " + prefixes.size()));
        } else {
            for (int i = 0; i < prefixes.size(); i++) {
                String member = "prefixes[" + i + "]";
                String text = prefixes.get(i);
                if (text == null || text.isBlank()) {
                    violations.add(new Violation(member, "required: an IPv6 prefix, e.g. 2001:db8:5:1::/64"));
                    continue;
                }
                Ipv6Prefix prefix;
                try {
                    prefix = Ipv6Prefix.parse(text.strip());
                } catch (InvalidAddressException e) {
                    violations.add(new Violation(member, e.getMessage()));
                    continue;
                }
                String problem = problem(prefix);
                if (problem != null) {
                    violations.add(new Violation(member, problem));
                } else if (parsed.stream().anyMatch(prefix::overlaps)) {
                    violations.add(new Violation(member, prefix + " is named twice or overlaps another prefix of the list"));
                } else {
                    parsed.add(prefix);
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Invalid IPv6 prefixes", violations);
        }
        return new LinkPrefixes(network, List.copyOf(parsed));
    }

    /** Why {@code prefix} cannot be a link's prefix, or null when it can. */
    public static String problem(Ipv6Prefix prefix) {
        if (prefix.prefixLength() < 1 || !prefix.networkAddress().isGlobalOrUniqueLocal()) {
            return prefix + " is not a global or unique-local prefix (link-local fe80::/10, multicast ff00::/8 and ::/n are refused)";
        }
        return null;
    }
}
