package org.reveille.interfaces.rest.agentlist;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.reveille.application.AgentListQuery.SubnetView;
import org.reveille.application.SubnetPolicies;
import org.reveille.domain.model.subnet.LinkPrefix;
import org.reveille.domain.model.subnet.ServerDirect;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.net.Cidr;

/**
 * A subnet of the agent list (docs/api.md, "Agent list"), with its Primary and Alternate when it has them; times
 * that are not known are left out; {@code paired} lists its paired subnets (CIDRs in the order their broadcasts are
 * sent; docs/network.md), empty when it has none, {@code serverDirect} whether the server sends its packets itself,
 * {@code dedicatedAgents} and {@code standIn} its dedicated agents (empty: elected ones), and {@code degradedSince}
 * since when one of them has not been serving (left out when none is missing), {@code ipv6Prefixes} its link's IPv6
 * prefixes, each with who gave it, {@code agent} or {@code admin} (docs/network.md, "IPv6"; empty when none is known).
 */
@JsonbPropertyOrder({"id", "subnet", "network", "mask", "state", "agents", "createdAt", "lastContactAt", "unreachableSince",
        "discoveryQueuedAt", "primary", "alternate", "paired", "serverDirect", "dedicatedAgents", "standIn", "degradedSince", "ipv6Prefixes"})
public record SubnetRepresentation(long id, String subnet, String network, String mask, String state, long agents,
                                   String createdAt, String lastContactAt, String unreachableSince, String discoveryQueuedAt,
                                   AgentRepresentation primary, AgentRepresentation alternate, List<String> paired, String serverDirect,
                                   List<String> dedicatedAgents, boolean standIn, String degradedSince,
                                   List<Ipv6PrefixRepresentation> ipv6Prefixes) {

    /** An IPv6 prefix of the subnet's link and who gave it. */
    @JsonbPropertyOrder({"prefix", "source"})
    public record Ipv6PrefixRepresentation(String prefix, String source) {
    }

    /** The assembler: the subnet, its policy (null: the defaults) and its link's IPv6 prefixes. */
    static SubnetRepresentation of(SubnetView view, SubnetPolicies.Policy policy, List<LinkPrefix> prefixes) {
        List<Cidr> paired = policy == null ? List.of() : policy.pairing().paired();
        List<String> dedicated = policy == null ? List.of() : policy.dedicated().agents().stream().map(Object::toString).toList();
        Subnet s = view.subnet();
        return new SubnetRepresentation(s.id(), s.cidr().toString(), s.cidr().networkAddress().toString(),
                s.cidr().mask().toString(), s.state().name().toLowerCase(Locale.ROOT), view.agents(), s.createdAt().toString(),
                text(s.lastContactAt()), text(s.unreachableSince()), text(s.discoveryQueuedAt()),
                view.primary() == null ? null : AgentRepresentation.of(view.primary()),
                view.alternate() == null ? null : AgentRepresentation.of(view.alternate()),
                paired.stream().map(Cidr::toString).toList(), (policy == null ? ServerDirect.NEVER : policy.serverDirect()).wire(),
                dedicated, policy != null && policy.dedicated().standIn(), text(s.degradedSince()),
                prefixes.stream().map(p -> new Ipv6PrefixRepresentation(p.prefix().toString(),
                        p.source().name().toLowerCase(Locale.ROOT))).toList());
    }

    private static String text(Instant value) {
        return value == null ? null : value.toString();
    }
}
