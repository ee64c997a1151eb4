package org.reveille.interfaces.rest.agentlist;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.Locale;
import org.reveille.application.AgentListQuery.SubnetView;
import org.reveille.domain.model.subnet.Subnet;

/**
 * A subnet of the agent list (docs/api.md, "Agent list"), with its Primary and Alternate when it has them; times
 * that are not known are left out.
 */
@JsonbPropertyOrder({"id", "subnet", "network", "mask", "state", "agents", "createdAt", "lastContactAt", "unreachableSince",
        "discoveryQueuedAt", "primary", "alternate"})
public record SubnetRepresentation(long id, String subnet, String network, String mask, String state, long agents,
                                   String createdAt, String lastContactAt, String unreachableSince, String discoveryQueuedAt,
                                   AgentRepresentation primary, AgentRepresentation alternate) {

    /** The assembler. */
    static SubnetRepresentation of(SubnetView view) {
        Subnet s = view.subnet();
        return new SubnetRepresentation(s.id(), s.cidr().toString(), s.cidr().networkAddress().toString(),
                s.cidr().mask().toString(), s.state().name().toLowerCase(Locale.ROOT), view.agents(), s.createdAt().toString(),
                text(s.lastContactAt()), text(s.unreachableSince()), text(s.discoveryQueuedAt()),
                view.primary() == null ? null : AgentRepresentation.of(view.primary()),
                view.alternate() == null ? null : AgentRepresentation.of(view.alternate()));
    }

    private static String text(Instant value) {
        return value == null ? null : value.toString();
    }
}
