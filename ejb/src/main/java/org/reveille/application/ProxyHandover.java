package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.reveille.application.port.AgentGateway;
import org.reveille.domain.model.audit.Actor;

/**
 * Completes a change of proxies (docs/architecture.md#flow-failover-and-hand-over): after the agent list committed it,
 * the promoted agent is told it is Primary, released agents that they lost their role (best effort: a dead one cannot
 * hear it), and the subnet is rediscovered at once to recruit the missing proxy rather than at the next poll. Runs
 * outside any transaction: the rediscovery is queued in its own, once the change it follows is committed.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProxyHandover {

    @Inject
    private AgentRegistry registry;

    @Inject
    private SubnetService subnets;

    @Inject
    private SettingsService settings;

    @Inject
    private AgentGateway agents;

    public void handOver(AgentRegistry.Handover handover) {
        handOver(handover, true);
    }

    /** As {@link #handOver(AgentRegistry.Handover)}, leaving the rediscovery out when {@code rescan} is false. */
    public void handOver(AgentRegistry.Handover handover, boolean rescan) {
        if (handover.promoted().isPresent() || !handover.released().isEmpty()) {
            int port = settings.current().agentPort();
            handover.promoted().ifPresent(promoted -> agents.promote(promoted, port, "promoted: the Primary is gone"));
            handover.released().forEach(released -> agents.unregister(released, port, "released by the server"));
        }
        if (rescan) {
            subnets.rescan(handover.subnetId());
        }
    }

    /**
     * De-registers an agent (by an administrator): it leaves the agent list and is told so; a Primary's living
     * Alternate is promoted; unless {@code rescan} is false, the subnet is rediscovered at once.
     */
    public void deregister(long agentId, Actor by, boolean rescan) {
        handOver(registry.deregister(agentId, by), rescan);
    }
}
