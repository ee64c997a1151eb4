package org.reveille.application;

import jakarta.annotation.Resource;
import jakarta.ejb.EJBException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.subnet.DedicatedAgents;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.logging.ReveilleLogger;

/**
 * Dedicated agents (docs/architecture.md#flow-dedicated-agents; docs/network.md, "Dedicated agents"): an administrator's
 * change of a subnet's dedicated agents, applied to the agent list at once, and the check that keeps every subnet with
 * dedicated agents in line afterwards (run by the heartbeat watchdog: once per cluster, every few seconds). The roles
 * themselves are decided by {@link AgentRegistry} whenever an agent registers; discovery asks the dedicated agents
 * first ({@link AgentFinder}); the Agent State Manager rediscovers a degraded subnet every poll and never removes one
 * with dedicated agents.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DedicatedProxies {

    /** This bean's container proxy: {@link #apply} through it is a transaction of its own. */
    @Resource
    private SessionContext context;

    @Inject
    private SubnetPolicies policies;

    @Inject
    private AgentList agentList;

    @Inject
    private AgentRegistry registry;

    @Inject
    private ProxyHandover handover;

    /**
     * Sets the subnet's dedicated agents (none: elected agents again) and brings its agent list entry in line: added to
     * the agent list when it is not there, elected agents that may not hold a role any more lose it and are told, and
     * the subnet is rediscovered at once, the dedicated agents asked first. The policy and the roles change in one
     * transaction, run again while it loses a race ({@link ConcurrentWrites}); the agents are told after it committed.
     */
    public DedicatedAgents change(DedicatedAgents dedicated, Actor actor) {
        DedicatedProxies self = context.getBusinessObject(DedicatedProxies.class);
        Optional<AgentRegistry.Handover> done = ConcurrentWrites.retrying("Dedicated agents of " + dedicated.subnet(),
                () -> self.apply(dedicated, actor));
        done.ifPresent(h -> handover.handOver(h, true));
        return dedicated;
    }

    /** {@link #change}'s transaction: the policy, the agent list entry, the roles. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Optional<AgentRegistry.Handover> apply(DedicatedAgents dedicated, Actor actor) {
        policies.dedicate(dedicated, actor);
        Optional<Subnet> entry = dedicated.any() ? Optional.of(agentList.entryFor(dedicated.subnet())) : agentList.find(dedicated.subnet());
        return entry.map(subnet -> registry.enforceDedicated(subnet.id(), false));
    }

    /**
     * Sets right every subnet out of line with its dedicated agents ({@link AgentRegistry#outOfLine}): each in a
     * transaction of its own, under its lock; a promoted dedicated agent is told, released elected agents are told and
     * the subnet rediscovered.
     */
    public void check() {
        List<DedicatedAgents> dedicated = policies.dedicated();
        for (long subnetId : registry.outOfLine(dedicated)) {
            try {
                AgentRegistry.Handover h = registry.enforceDedicated(subnetId, true);
                if (!h.released().isEmpty() || h.promoted().isPresent()) {
                    handover.handOver(h, !h.released().isEmpty());
                }
            } catch (EJBException e) {
                // removed or changed meanwhile: the next check decides again
                ReveilleLogger.LOG.debugf(e, "dedicated agents of subnet %d", subnetId);
            }
        }
    }
}
