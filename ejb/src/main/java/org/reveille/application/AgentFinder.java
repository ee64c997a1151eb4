package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.reveille.application.AgentList.PingTarget;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.machine.Chassis;
import org.reveille.domain.model.subnet.DedicatedAgents;
import org.reveille.domain.model.settings.Settings;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.application.port.AgentGateway;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

/**
 * Discovery of one subnet (docs/architecture.md#flow-discovery): the ping list from the inventory, servers first and
 * laptops last; each machine probed; on a reply, REGISTER to its agent port; the agent then registers on the server
 * port and the agent list makes the first Primary and the second Alternate. Stops at two. A subnet with dedicated agents
 * asks those first, and the others only when they may stand in (docs/architecture.md#flow-dedicated-agents). Runs outside any transaction:
 * the network work can take minutes, the database work is short transactions of {@link AgentList}.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AgentFinder {

    /** How long an agent has, after REGISTER, to register on the server port. */
    private static final Duration REGISTRATION_WAIT = Duration.ofSeconds(10);

    @Inject
    private AgentList agentList;

    @Inject
    private SettingsService settingsService;

    @Inject
    private AgentGateway agents;

    @Inject
    private DepartingAgents departing;

    @Inject
    private SubnetPolicies policies;

    public void discover(long subnetId) {
        Subnet subnet = agentList.subnet(subnetId).orElse(null);
        if (subnet == null) {
            return; // deleted since it was queued
        }
        Cidr cidr = subnet.cidr();
        Settings settings = settingsService.current();
        ReveilleLogger.LOG.findingAgents(cidr.networkAddress().toString(), cidr.mask().toString());
        // short transactions that may collide with a rescan or re-add of the subnet (which also change its row): run again
        if (!ConcurrentWrites.retrying("Discovery start of " + cidr, () -> agentList.discoveryStarted(subnetId))) {
            return; // deleted meanwhile
        }
        try {
            search(subnetId, cidr, settings);
        } finally {
            // whatever happened, the subnet leaves DISCOVERING: healthy with a Primary, unreachable without
            ConcurrentWrites.retrying("Discovery end of " + cidr, () -> agentList.discoveryFinished(subnetId));
        }
    }

    private void search(long subnetId, Cidr cidr, Settings settings) {
        DedicatedAgents dedicated = policies.dedicated(cidr);
        List<PingTarget> pingList = dedicated.any() ? dedicatedFirst(dedicated, agentList.pingList(cidr)) : agentList.pingList(cidr);
        ReveilleLogger.LOG.pingList(cidr.toString(), pingList.stream().map(t -> t.address() + " (" + t.chassis().jsonName() + ")")
                .collect(Collectors.joining(", ")));
        int okPings = 0;
        for (PingTarget target : pingList) {
            if (dedicated.pins(target.address())) {
                if (agentList.roleOf(subnetId, target.address()).filter(role -> role != AgentRole.MEMBER).isPresent()) {
                    continue;   // serving already (or silent and kept, when nobody may stand in)
                }
            } else if (agentList.proxies(subnetId) >= 2) {
                break;
            }
            Optional<Duration> departed = departing.departedRecently(target.address());
            if (departed.isPresent()) {
                ReveilleLogger.LOG.departingAgentSkipped(target.address().toString(), departed.get().toSeconds(),
                        "not asked to register by the discovery of subnet " + cidr);
                continue;
            }
            if (!Reachability.answers(target.address(), settings)) {
                continue;
            }
            okPings++;
            ReveilleLogger.LOG.found(target.address().toString());
            CompletableFuture<AgentRole> registration = agents.expectRegistration(target.address());
            try {
                agents.requestRegistration(target.address(), settings.agentPort(), settings.pingTimeout());
                ReveilleLogger.LOG.newAgentFound(target.address().toString(), cidr.networkAddress().toString());
                awaitRegistration(subnetId, target, registration);
            } catch (IOException e) {
                ReveilleLogger.LOG.failedToConnect(target.address().toString());
            } finally {
                agents.forget(target.address(), registration);
            }
        }
        int proxies = agentList.proxies(subnetId);
        ReveilleLogger.LOG.discoveryFinished(cidr.networkAddress().toString(), proxies, okPings);
        if (proxies == 0) {
            ReveilleLogger.LOG.noAgentOnSubnet(cidr.toString(), pingList.size());
        }
    }

    /**
     * docs/architecture.md#flow-dedicated-agents: the ping list of a subnet with dedicated agents is those agents first
     * (asked whatever roles the subnet has: a dedicated agent takes its role from an elected one), then, only when the
     * policy lets elected agents stand in, the rest of the inventory's ping list.
     */
    static List<PingTarget> dedicatedFirst(DedicatedAgents dedicated, List<PingTarget> pingList) {
        List<PingTarget> ordered = new java.util.ArrayList<>();
        for (Ipv4Address pinned : dedicated.agents()) {
            ordered.add(pingList.stream().filter(t -> t.address().equals(pinned)).findFirst()
                    .orElseGet(() -> new PingTarget(pinned, pinned.toString(), Chassis.UNKNOWN)));
        }
        if (dedicated.standIn()) {
            pingList.stream().filter(t -> !dedicated.pins(t.address())).forEach(ordered::add);
        }
        return ordered;
    }

    /**
     * docs/architecture.md#flow-recruiting-an-alternate: the hook the wake pipeline calls after waking a machine on a
     * subnet that has a Primary but no Alternate: once the woken machine answers (within {@code bootTimeout}), its
     * agent is asked to register and, the Alternate role being free, becomes the Alternate. Returns the role it got, or
     * empty when the subnet found an Alternate otherwise, the machine never answered, its agent did not register, or
     * the subnet's dedicated agents allow no stand-in.
     */
    public Optional<AgentRole> recruitAlternate(long subnetId, Ipv4Address woken, String machineName, Duration bootTimeout) {
        Optional<DedicatedAgents> dedicated = agentList.subnet(subnetId).map(s -> policies.dedicated(s.cidr()));
        if (dedicated.isEmpty() || dedicated.get().any() && !dedicated.get().standIn()) {
            return Optional.empty();   // gone, or only its dedicated agents hold roles (docs/architecture.md#flow-dedicated-agents)
        }
        Settings settings = settingsService.current();
        PingTarget target = new PingTarget(woken, machineName, Chassis.UNKNOWN);
        Instant deadline = Instant.now().plus(bootTimeout);
        while (Instant.now().isBefore(deadline)) {
            if (agentList.proxies(subnetId) >= 2 || agentList.subnet(subnetId).isEmpty()) {
                return Optional.empty();
            }
            if (Reachability.answers(woken, settings)) {
                CompletableFuture<AgentRole> registration = agents.expectRegistration(woken);
                try {
                    agents.requestRegistration(woken, settings.agentPort(), settings.pingTimeout());
                    ReveilleLogger.LOG.newAgentFound(woken.toString(), agentList.subnet(subnetId).map(s -> s.cidr().networkAddress().toString()).orElse("?"));
                    awaitRegistration(subnetId, target, registration);
                    return agentList.roleOf(subnetId, woken);
                } catch (IOException e) {
                    // the machine is up but its agent is not listening yet: try again until the deadline
                } finally {
                    agents.forget(woken, registration);
                }
            }
            try {
                Thread.sleep(Math.max(250, settings.pingTimeout().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ReveilleLogger.LOG.failedToConnect(woken.toString());
        return Optional.empty();
    }

    /**
     * Waits until the agent has registered: signalled at once by this server's listener, or seen in the database
     * when the agent registered with another server of the same database.
     */
    private void awaitRegistration(long subnetId, PingTarget target, CompletableFuture<AgentRole> registration) {
        Instant deadline = Instant.now().plus(REGISTRATION_WAIT);
        while (Instant.now().isBefore(deadline)) {
            try {
                registration.get(500, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                if (agentList.registered(subnetId, target.address())) {
                    return;
                }
            } catch (ExecutionException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
