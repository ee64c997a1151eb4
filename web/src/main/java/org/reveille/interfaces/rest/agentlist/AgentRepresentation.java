package org.reveille.interfaces.rest.agentlist;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.Locale;
import org.reveille.domain.model.agent.Agent;

/**
 * An agent as the API shows it (docs/api.md, "Agent list"): {@code mac} only when known; {@code subnet} and
 * {@code subnetId} in GET /api/agents, not inside a subnet (JSON-B leaves null members out).
 */
@JsonbPropertyOrder({"id", "machineName", "address", "role", "protocolVersion", "secure", "registeredAt", "lastSeenAt", "mac",
        "subnet", "subnetId"})
public record AgentRepresentation(long id, String machineName, String address, String role, int protocolVersion, boolean secure,
                                  String registeredAt, String lastSeenAt, String mac, String subnet, Long subnetId) {

    /** The agent inside its subnet's representation. */
    static AgentRepresentation of(Agent a) {
        return of(a, null, null);
    }

    /** The agent in the list of all agents, with its subnet. */
    static AgentRepresentation withSubnet(Agent a) {
        return of(a, a.subnet().cidr().toString(), a.subnet().id());
    }

    private static AgentRepresentation of(Agent a, String subnet, Long subnetId) {
        return new AgentRepresentation(a.id(), a.machineName(), a.address().toString(), a.role().name().toLowerCase(Locale.ROOT),
                a.protocolVersion(), a.secure(), a.registeredAt().toString(), a.lastSeenAt().toString(),
                a.mac() == null ? null : a.mac().toString(), subnet, subnetId);
    }
}
