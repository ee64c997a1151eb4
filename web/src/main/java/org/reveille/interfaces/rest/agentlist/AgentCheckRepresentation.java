package org.reveille.interfaces.rest.agentlist;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.Locale;
import org.reveille.application.AgentCheck;

/**
 * POST /api/subnets/{id}/check (docs/api.md, "Agent list"): one entry per proxy; what the agent said of itself only
 * when it answered, {@code problem} only when there was one.
 */
@JsonbPropertyOrder({"subnetId", "subnet", "agents"})
public record AgentCheckRepresentation(long subnetId, String subnet, List<Proxy> agents) {

    @JsonbPropertyOrder({"role", "agentId", "machineName", "address", "reachable", "roundTripMillis", "reportedRole",
            "uptimeSeconds", "packetsSent", "protocolVersion", "problem"})
    public record Proxy(String role, long agentId, String machineName, String address, boolean reachable, long roundTripMillis,
                        String reportedRole, Long uptimeSeconds, Long packetsSent, Integer protocolVersion, String problem) {
    }

    /** The assembler. */
    static AgentCheckRepresentation of(long subnetId, AgentCheck.Report report) {
        return new AgentCheckRepresentation(subnetId, report.subnet().cidr().toString(), report.results().stream().map(r -> {
            var status = r.status();
            return new Proxy(r.role().name().toLowerCase(Locale.ROOT), r.agent().id(), r.agent().machineName(),
                    r.agent().address().toString(), r.reachable(), r.roundTripMillis(),
                    status.map(s -> s.role().name().toLowerCase(Locale.ROOT)).orElse(null),
                    status.map(s -> s.uptimeMillis() / 1000).orElse(null), status.map(s -> s.packetsSent()).orElse(null),
                    status.map(s -> s.protocolVersion()).orElse(null), r.problem().isEmpty() ? null : r.problem());
        }).toList());
    }
}
