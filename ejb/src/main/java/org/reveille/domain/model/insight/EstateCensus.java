package org.reveille.domain.model.insight;

import java.util.Map;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.subnet.SubnetState;

/**
 * The estate counted at one moment: subnets by state, subnets by coverage (an unreachable subnet counts as
 * unreachable, whatever agents it still lists; the others by how many of Primary and Alternate they have), agents by role,
 * and the subnets degraded because a dedicated agent is not serving (docs/network.md, "Dedicated agents").
 */
public record EstateCensus(Map<SubnetState, Long> subnetsByState, long primaryAndAlternate, long oneAgent, long noAgent,
                           long unreachable, Map<AgentRole, Long> agentsByRole, long degraded) {

    public long subnets() {
        return subnetsByState.values().stream().mapToLong(Long::longValue).sum();
    }

    public long agents() {
        return agentsByRole.values().stream().mapToLong(Long::longValue).sum();
    }
}
