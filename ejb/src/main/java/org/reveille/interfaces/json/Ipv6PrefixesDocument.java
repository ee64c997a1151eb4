package org.reveille.interfaces.json;

import java.util.List;
import org.reveille.domain.model.subnet.LinkPrefixes;

/**
 * The body of PUT /api/subnets/ipv6-prefixes (docs/api.md, "IPv6 links"):
 * {@code {"subnet": "10.20.5.0/24", "prefixes": ["2001:db8:20:5::/64"]}}.
 */
public record Ipv6PrefixesDocument(String subnet, List<String> prefixes) implements RequestDocument<LinkPrefixes> {

    @Override
    public LinkPrefixes toCommand() {
        return LinkPrefixes.of(subnet, prefixes);
    }
}
