package org.reveille.interfaces.json;

import java.util.List;
import org.reveille.domain.model.subnet.DedicatedAgents;

/**
 * The body of PUT /api/subnet-policies/dedicated-agents (docs/api.md, "Subnet policies"):
 * {@code {"subnet": "10.20.5.0/24", "agents": ["10.20.5.7", "10.20.5.8"], "standIn": false}}.
 */
public record DedicatedAgentsDocument(String subnet, List<String> agents, Boolean standIn) implements RequestDocument<DedicatedAgents> {

    @Override
    public DedicatedAgents toCommand() {
        return DedicatedAgents.of(subnet, agents, standIn);
    }
}
