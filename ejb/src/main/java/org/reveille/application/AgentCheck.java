package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.reveille.application.port.AgentGateway;
import org.reveille.domain.model.NotFoundException;
import org.reveille.domain.model.agent.Agent;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.logging.ReveilleLogger;
import org.reveille.protocol.AgentStatus;

/**
 * "Check agents" for one subnet: asks its Primary and Alternate for their STATUS over TCP, now, rather than waiting
 * for heartbeats to stop. An agent that answers counts as seen; one that does not is reported with why (its role is
 * left alone: the heartbeat watchdog decides on silence). An agent that believes it holds another role than the one
 * registered is reported too.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AgentCheck {

    /** One proxy's answer, or why there was none. */
    public record Result(AgentRole role, Agent agent, boolean reachable, long roundTripMillis, Optional<AgentStatus> status,
                         String problem) {
    }

    public record Report(Subnet subnet, List<Result> results) {
    }

    @Inject
    private AgentList agentList;

    @Inject
    private AgentRegistry registry;

    @Inject
    private AgentGateway gateway;

    @Inject
    private SettingsService settings;

    @Inject
    private HeartbeatRecorder heartbeats;

    public Report check(long subnetId) {
        Subnet subnet = agentList.subnet(subnetId).orElseThrow(() -> new NotFoundException("No subnet with id " + subnetId));
        int port = settings.current().agentPort();
        List<Result> results = new ArrayList<>();
        for (AgentRole role : List.of(AgentRole.PRIMARY, AgentRole.ALTERNATE)) {
            Optional<Agent> proxy = registry.proxy(subnetId, role);
            if (proxy.isEmpty()) {
                continue;
            }
            Agent agent = proxy.get();
            long start = System.nanoTime();
            Result result;
            try {
                AgentStatus status = gateway.status(agent.address(), port);
                long millis = (System.nanoTime() - start) / 1_000_000;
                heartbeats.firstHeartbeat(agent.address());   // an answer is a sign of life, written at once
                String problem = status.role().name().equals(role.name()) ? ""
                        : "the agent says it is " + status.role().name().toLowerCase() + ", registered as " + role.name().toLowerCase();
                result = new Result(role, agent, true, millis, Optional.of(status), problem);
            } catch (IOException | RuntimeException e) {
                result = new Result(role, agent, false, (System.nanoTime() - start) / 1_000_000, Optional.empty(), String.valueOf(e.getMessage()));
            }
            results.add(result);
            ReveilleLogger.LOG.agentChecked(role.name().toLowerCase(), agent.address().toString(), subnet.cidr().toString(),
                    result.reachable() ? "answered in " + result.roundTripMillis() + " ms" + (result.problem().isEmpty() ? "" : "; " + result.problem())
                            : "did not answer: " + result.problem());
        }
        return new Report(subnet, results);
    }
}
