package org.reveille.interfaces.rest.agentlist;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.reveille.application.AgentListQuery.SubnetView;
import org.reveille.application.SubnetPolicies;
import org.reveille.domain.model.subnet.ServerDirect;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.net.Cidr;

/**
 * A subnet of the agent list (docs/api.md, "Agent list"), with its Primary and Alternate when it has them; times
 * that are not known are left out; {@code paired} lists its paired subnets (CIDRs in the order their broadcasts are
 * sent; docs/network.md), empty when it has none, and {@code serverDirect} whether the server sends its packets itself.
 */
@JsonbPropertyOrder({"id", "subnet", "network", "mask", "state", "agents", "createdAt", "lastContactAt", "unreachableSince",
        "discoveryQueuedAt", "primary", "alternate", "paired", "serverDirect"})
public record SubnetRepresentation(long id, String subnet, String network, String mask, String state, long agents,
                                   String createdAt, String lastContactAt, String unreachableSince, String discoveryQueuedAt,
                                   AgentRepresentation primary, AgentRepresentation alternate, List<String> paired, String serverDirect) {

    /** The assembler: the subnet and its policy (null: the defaults). */
    static SubnetRepresentation of(SubnetView view, SubnetPolicies.Policy policy) {
        List<Cidr> paired = policy == null ? List.of() : policy.pairing().paired();
        Subnet s = view.subnet();
        return new SubnetRepresentation(s.id(), s.cidr().toString(), s.cidr().networkAddress().toString(),
                s.cidr().mask().toString(), s.state().name().toLowerCase(Locale.ROOT), view.agents(), s.createdAt().toString(),
                text(s.lastContactAt()), text(s.unreachableSince()), text(s.discoveryQueuedAt()),
                view.primary() == null ? null : AgentRepresentation.of(view.primary()),
                view.alternate() == null ? null : AgentRepresentation.of(view.alternate()),
                paired.stream().map(Cidr::toString).toList(), (policy == null ? ServerDirect.NEVER : policy.serverDirect()).wire());
    }

    private static String text(Instant value) {
        return value == null ? null : value.toString();
    }
}
