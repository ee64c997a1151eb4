package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.reveille.domain.model.NotFoundException;
import org.reveille.domain.model.agent.Agent;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.subnet.DedicatedAgents;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.domain.model.subnet.SubnetPolicy;
import org.reveille.domain.model.subnet.SubnetState;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditDetail;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * The agent list's registrations and roles (docs/architecture.md#flow-registration). Decisions for one subnet are
 * serialised by a lock on its row; the unique key (subnet, proxy role) is the last guard, so that two servers can never
 * give one subnet two Primaries.
 */
@Stateless
public class AgentRegistry {

    /** What a registration asks for. {@code requestedRole} MEMBER means "no claim: the server decides". */
    public record Request(String machineName, Ipv4Address address, Ipv4Address mask, MacAddress mac,
                          AgentRole requestedRole, int protocolVersion, boolean secure) {
        public Cidr subnet() {
            return Cidr.containing(address, mask);
        }
    }

    /** The role granted, and the agents that lost theirs and must be told (UNREGISTER). */
    public record Outcome(AgentRole granted, Cidr subnet, List<Ipv4Address> demoted) {
    }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private AuditTrail audit;

    @Inject
    private Clock clock;

    @Inject
    private SettingsService settings;

    @Inject
    private HeartbeatBuffer heartbeats;

    public Outcome register(Request request) {
        Instant now = clock.instant();
        Cidr cidr = request.subnet();
        ReveilleLogger.LOG.agentRegistering(request.machineName(), request.mask().toString(), cidr.networkAddress().toString());
        Subnet subnet = findSubnet(cidr).orElseGet(() -> {
            Subnet created = new Subnet(cidr, now);
            em.persist(created);
            em.flush();
            return created;
        });
        em.lock(subnet, LockModeType.PESSIMISTIC_WRITE);
        List<Agent> agents = agentsOf(subnet);
        Agent self = agents.stream().filter(a -> a.address().equals(request.address())).findFirst().orElse(null);
        Agent primary = withRole(agents, AgentRole.PRIMARY);
        Agent alternate = withRole(agents, AgentRole.ALTERNATE);

        DedicatedAgents dedicated = dedicatedOf(cidr);
        AgentRole granted = dedicated.any()
                ? decideDedicated(dedicated, request, self, primary, alternate, a -> alive(a, now))
                : decide(request.requestedRole(), self, primary, alternate, a -> alive(a, now));
        List<Ipv4Address> demoted = new ArrayList<>();
        // free the role first: the unique key must hold after every statement, not only at commit
        Agent holder = granted == AgentRole.PRIMARY ? primary : granted == AgentRole.ALTERNATE ? alternate : null;
        if (holder != null && holder != self) {
            holder.changeRole(AgentRole.MEMBER);
            demoted.add(holder.address());
            ReveilleLogger.LOG.agentDemoted(holder.address().toString(), cidr.toString(), granted.name().toLowerCase(),
                    request.machineName() + " registered as " + granted.name().toLowerCase());
        }
        if (self != null && self.role() != granted) {
            self.changeRole(AgentRole.MEMBER);
        }
        em.flush();
        if (self == null) {
            self = new Agent(subnet, request.machineName(), request.address(), request.mac(), granted,
                    request.protocolVersion(), request.secure(), now);
            em.persist(self);
        } else {
            self.reregistered(request.machineName(), request.mac(), request.protocolVersion(), request.secure(), now);
            self.changeRole(granted);
        }
        subnet.agentContact(now);
        em.flush();
        ReveilleLogger.LOG.agentRoleGranted(request.machineName(), request.address().toString(), granted.name().toLowerCase(), cidr.toString());
        return new Outcome(granted, cidr, demoted);
    }

    private static AgentRole decide(AgentRole requested, Agent self, Agent primary, Agent alternate, java.util.function.Predicate<Agent> alive) {
        switch (requested) {
            case PRIMARY:
                // a returning agent whose probe found no Primary (docs/architecture.md#flow-a-returning-agent):
                // believe it unless ours is alive
                if (primary == null || primary == self || !alive.test(primary)) {
                    return AgentRole.PRIMARY;
                }
                return AgentRole.ALTERNATE;
            case ALTERNATE:
                // a returning agent that found a Primary: it becomes the Alternate, the previous one is let go
                return primary == self ? AgentRole.PRIMARY : AgentRole.ALTERNATE;
            default:
                // discovery (docs/architecture.md#flow-discovery): the first agent is Primary, the second Alternate,
                // the rest members
                if (self != null && self.role() != AgentRole.MEMBER) {
                    return self.role();
                }
                if (primary == null) {
                    return AgentRole.PRIMARY;
                }
                return alternate == null ? AgentRole.ALTERNATE : AgentRole.MEMBER;
        }
    }

    /**
     * The role in a subnet with dedicated agents (docs/network.md, "Dedicated agents"). A dedicated agent is a proxy
     * whenever it registers: the Primary unless the other dedicated agent serves as Primary, taking the role from an
     * elected agent or a silent holder. Any other agent holds no role, unless the policy lets elected agents stand in:
     * then it is elected as always, but never into a role a serving dedicated agent holds.
     */
    static AgentRole decideDedicated(DedicatedAgents dedicated, Request request, Agent self, Agent primary, Agent alternate,
                                             java.util.function.Predicate<Agent> alive) {
        java.util.function.Predicate<Agent> serving = a -> a != null && a != self && dedicated.pins(a.address()) && alive.test(a);
        if (dedicated.pins(request.address())) {
            return serving.test(primary) ? AgentRole.ALTERNATE : AgentRole.PRIMARY;
        }
        if (!dedicated.standIn()) {
            return AgentRole.MEMBER;
        }
        AgentRole elected = decide(request.requestedRole(), self, primary, alternate, alive);
        Agent holder = elected == AgentRole.PRIMARY ? primary : elected == AgentRole.ALTERNATE ? alternate : null;
        return serving.test(holder) ? AgentRole.MEMBER : elected;
    }

    private DedicatedAgents dedicatedOf(Cidr subnet) {
        return SubnetPolicies.find(em, subnet, LockModeType.NONE).map(SubnetPolicy::dedicated).orElseGet(() -> DedicatedAgents.none(subnet));
    }

    private boolean alive(Agent agent, Instant now) {
        // a heartbeat held for the next batch is as good as one written
        Instant seen = heartbeats.pending(agent.address()).filter(held -> held.isAfter(agent.lastSeenAt())).orElse(agent.lastSeenAt());
        return seen.plus(settings.current().heartbeatTimeout()).isAfter(now);
    }

    /**
     * A heartbeat or any other sign of life; false when the agent is not registered. Bulk statements without the
     * optimistic version: a heartbeat must never fail because discovery or a registration updates the same subnet at
     * that moment (they lock or version the rows they decide on; a heartbeat only refreshes times).
     */
    public boolean seen(Ipv4Address address) {
        Instant now = clock.instant();
        int agents = em.createQuery("update Agent a set a.lastSeenAt = :now where a.address = :address")
                .setParameter("now", now).setParameter("address", address).executeUpdate();
        if (agents == 0) {
            return false;
        }
        em.createQuery("update Subnet s set s.lastContactAt = :now, s.unreachableSince = null "
                        + "where s.id in (select a.subnet.id from Agent a where a.address = :address)")
                .setParameter("now", now).setParameter("address", address).executeUpdate();
        em.createQuery("update Subnet s set s.state = :healthy, s.stateChangedAt = :now "
                        + "where s.state in :silent and s.id in (select a.subnet.id from Agent a where a.address = :address)")
                .setParameter("healthy", SubnetState.HEALTHY).setParameter("now", now)
                .setParameter("silent", List.of(SubnetState.STALE, SubnetState.UNREACHABLE))
                .setParameter("address", address).executeUpdate();
        return true;
    }

    /**
     * A subnet lost a proxy: the caller tells the promoted agent (if any) it is Primary now, tells the released agents
     * they lost their role, and rediscovers the subnet at once to recruit the missing proxy
     * (docs/architecture.md#flow-failover-and-hand-over).
     */
    public record Handover(long subnetId, Optional<Ipv4Address> promoted, List<Ipv4Address> released) {
    }

    /**
     * An agent says it is going down (docs/architecture.md#flow-failover-and-hand-over). A Primary's Alternate is
     * promoted at once; the subnet is left without an Alternate until discovery recruits one.
     */
    public Optional<Handover> goingDown(Ipv4Address address, String reason) {
        for (Agent agent : em.createQuery("select a from Agent a join fetch a.subnet where a.address = :address", Agent.class)
                .setParameter("address", address).getResultList()) {
            em.lock(agent.subnet(), LockModeType.PESSIMISTIC_WRITE);
            em.refresh(agent);
            AgentRole was = agent.role();
            if (was == AgentRole.MEMBER) {
                continue;
            }
            Optional<Ipv4Address> promoted = vacate(agent, clock.instant());
            logRelease(agent, was, "going down: " + reason, promoted);
            return Optional.of(new Handover(agent.subnet().id(), promoted, List.of()));
        }
        return Optional.empty();
    }

    /** The proxies (Primary or Alternate) silent for longer than the heartbeat timeout. */
    public List<Long> silentProxies() {
        Instant cutoff = clock.instant().minus(settings.current().heartbeatTimeout());
        return em.createQuery("select a.id from Agent a where a.proxyRole is not null and a.lastSeenAt < :cutoff order by a.id", Long.class)
                .setParameter("cutoff", cutoff).getResultList();
    }

    /**
     * A proxy missed its heartbeats (docs/architecture.md#flow-failover-and-hand-over): it loses its role; a silent
     * Primary's living Alternate is promoted. Checked again under the subnet's lock, so that several servers' watchdogs
     * act once.
     */
    public Optional<Handover> missedHeartbeats(long agentId) {
        Agent agent = em.find(Agent.class, agentId);
        if (agent == null) {
            return Optional.empty();
        }
        DedicatedAgents dedicated = dedicatedOf(agent.subnet().cidr());
        if (dedicated.pins(agent.address()) && !dedicated.standIn()) {
            return Optional.empty();   // kept: nobody may stand in; the subnet is reported degraded (enforceDedicated)
        }
        em.lock(agent.subnet(), LockModeType.PESSIMISTIC_WRITE);
        em.refresh(agent);
        Instant now = clock.instant();
        AgentRole was = agent.role();
        if (was == AgentRole.MEMBER || alive(agent, now)) {
            return Optional.empty();
        }
        Optional<Ipv4Address> promoted = vacate(agent, now);
        ReveilleLogger.LOG.missedHeartbeats(was.name().toLowerCase(), agent.address().toString(), agent.subnet().cidr().toString(),
                agent.lastSeenAt().toString(), promoted.map(p -> "Alternate " + p + " promoted to Primary; recruiting a new Alternate")
                        .orElse("recruiting a new " + (was == AgentRole.PRIMARY ? "Primary and Alternate" : "Alternate")));
        return Optional.of(new Handover(agent.subnet().id(), promoted, List.of(agent.address())));
    }

    /**
     * An administrator removes an agent from the agent list (de-register): its row goes, a Primary's living
     * Alternate is promoted, and the agent is told it lost its role.
     */
    public Handover deregister(long agentId, Actor actor) {
        String by = actor.user();
        Agent agent = em.find(Agent.class, agentId);
        if (agent == null) {
            throw new NotFoundException("No agent with id " + agentId);
        }
        em.lock(agent.subnet(), LockModeType.PESSIMISTIC_WRITE);
        em.refresh(agent);
        AgentRole was = agent.role();
        Optional<Ipv4Address> promoted = was == AgentRole.MEMBER ? Optional.empty() : vacate(agent, clock.instant());
        em.remove(agent);
        em.flush();
        heartbeats.forget(agent.address());
        ReveilleLogger.LOG.agentDeregistered(agent.address().toString(), was.name().toLowerCase(), agent.subnet().cidr().toString(), by,
                promoted.map(p -> "; Alternate " + p + " promoted to Primary").orElse(""));
        audit.record(actor, AuditKind.AGENT_DEREGISTERED, "agent " + agentId, AuditDetail.of().with("address", agent.address().toString())
                .with("machineName", agent.machineName()).with("role", was.name().toLowerCase()).with("subnet", agent.subnet().cidr().toString())
                .with("promoted", promoted.map(Ipv4Address::toString).orElse(null)));
        return new Handover(agent.subnet().id(), promoted, List.of(agent.address()));
    }

    /**
     * How a subnet's agents stand against its dedicated agents: the elected agents holding a role the policy does not
     * allow them (no stand-ins), and what each dedicated agent that is not serving is doing instead.
     */
    private record Assessment(List<Agent> intruders, List<String> notServing, Optional<Agent> promotable) {

        boolean outOfLine(Subnet subnet) {
            return !intruders.isEmpty() || promotable.isPresent() || notServing.isEmpty() == (subnet.degradedSince() != null);
        }
    }

    private Assessment assess(DedicatedAgents dedicated, List<Agent> agents, Instant now) {
        List<Agent> intruders = !dedicated.any() || dedicated.standIn() ? List.of()
                : agents.stream().filter(a -> a.role() != AgentRole.MEMBER && !dedicated.pins(a.address())).toList();
        List<String> notServing = new ArrayList<>();
        for (Ipv4Address pinned : dedicated.agents()) {
            Agent agent = agents.stream().filter(a -> a.address().equals(pinned)).findFirst().orElse(null);
            if (agent == null) {
                notServing.add(pinned + " not registered");
            } else if (!alive(agent, now)) {
                notServing.add(pinned + " silent since " + agent.lastSeenAt());
            } else if (agent.role() == AgentRole.MEMBER) {
                notServing.add(pinned + " registered without a role");
            }
        }
        // a dedicated Alternate of a subnet without Primary (the elected Primary was demoted, or left): it takes the role
        boolean noPrimary = agents.stream().noneMatch(a -> a.role() == AgentRole.PRIMARY && !intruders.contains(a));
        Optional<Agent> promotable = !noPrimary ? Optional.empty() : agents.stream()
                .filter(a -> a.role() == AgentRole.ALTERNATE && dedicated.pins(a.address()) && alive(a, now)).findFirst();
        return new Assessment(intruders, notServing, promotable);
    }

    /**
     * The subnets of the agent list out of line with their dedicated agents ({@code policies}): an elected agent holds
     * a role it may not, or the subnet's degraded mark is not what its dedicated agents say. One read, no lock; each is
     * then set right by {@link #enforceDedicated}.
     */
    public List<Long> outOfLine(List<DedicatedAgents> policies) {
        if (policies.isEmpty()) {
            return List.of();
        }
        Map<Cidr, DedicatedAgents> byCidr = new HashMap<>();
        policies.forEach(p -> byCidr.put(p.subnet(), p));
        List<Subnet> subnets = em.createQuery("select s from Subnet s where s.network in :networks", Subnet.class)
                .setParameter("networks", byCidr.keySet().stream().map(c -> c.networkAddress().toLong()).distinct().toList())
                .getResultStream().filter(s -> byCidr.containsKey(s.cidr())).toList();
        if (subnets.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Agent>> agents = em.createQuery("select a from Agent a where a.subnet in :subnets", Agent.class)
                .setParameter("subnets", subnets).getResultStream().collect(Collectors.groupingBy(a -> a.subnet().id()));
        Instant now = clock.instant();
        List<Long> out = new ArrayList<>();
        for (Subnet subnet : subnets) {
            Assessment assessment = assess(byCidr.get(subnet.cidr()), agents.getOrDefault(subnet.id(), List.of()), now);
            if (assessment.outOfLine(subnet)) {
                out.add(subnet.id());
            }
        }
        return out;
    }

    /**
     * Brings a subnet in line with its dedicated agents, under its lock (docs/network.md, "Dedicated agents"): without
     * stand-ins, an elected agent holding a role loses it (the caller tells it, {@link Handover#released()}); a living
     * dedicated Alternate of a subnet left without Primary becomes its Primary ({@link Handover#promoted()}); with
     * {@code judge}, the subnet is marked degraded while a dedicated agent is not serving (REVEILLE00191) and no longer
     * once all serve (REVEILLE00192). A subnet without dedicated agents is never degraded.
     */
    public Handover enforceDedicated(long subnetId, boolean judge) {
        Subnet subnet = em.find(Subnet.class, subnetId, LockModeType.PESSIMISTIC_WRITE);
        if (subnet == null) {
            return new Handover(subnetId, Optional.empty(), List.of());
        }
        Instant now = clock.instant();
        DedicatedAgents dedicated = dedicatedOf(subnet.cidr());
        List<Agent> agents = agentsOf(subnet);
        Assessment assessment = assess(dedicated, agents, now);
        List<Ipv4Address> released = new ArrayList<>();
        for (Agent intruder : assessment.intruders()) {
            AgentRole was = intruder.role();
            intruder.changeRole(AgentRole.MEMBER);
            released.add(intruder.address());
            ReveilleLogger.LOG.agentDemoted(intruder.address().toString(), subnet.cidr().toString(), was.name().toLowerCase(),
                    "not a dedicated agent of the subnet, whose policy lets no elected agent stand in");
        }
        em.flush();
        Optional<Ipv4Address> promoted = assessment.promotable().map(alternate -> {
            alternate.changeRole(AgentRole.PRIMARY);
            ReveilleLogger.LOG.agentRoleGranted(alternate.machineName(), alternate.address().toString(), "primary", subnet.cidr().toString());
            return alternate.address();
        });
        em.flush();
        if (!dedicated.any()) {
            if (subnet.recovered()) {
                ReveilleLogger.LOG.subnetRecovered(subnet.cidr().toString(), "it has no dedicated agents any more");
            }
        } else if (judge && !assessment.notServing().isEmpty()) {
            if (subnet.degraded(now)) {
                ReveilleLogger.LOG.subnetDegraded(subnet.cidr().toString(), String.join(", ", assessment.notServing()),
                        dedicated.standIn() ? "elected agents stand in" : "no stand-in by its policy: only its dedicated agents wake it");
            }
        } else if (judge && subnet.recovered()) {
            ReveilleLogger.LOG.subnetRecovered(subnet.cidr().toString(), "its dedicated agent(s) " + dedicated.agents().stream()
                    .map(Object::toString).collect(Collectors.joining(", ")) + " serve it");
        }
        return new Handover(subnetId, promoted, released);
    }

    /** The agent of a subnet holding a proxy role, if any. */
    public Optional<Agent> proxy(long subnetId, AgentRole role) {
        return em.createQuery("select a from Agent a where a.subnet.id = :id and a.proxyRole = :role", Agent.class)
                .setParameter("id", subnetId).setParameter("role", role.name()).getResultStream().findFirst();
    }

    /**
     * Takes its role from an agent (its subnet locked by the caller). When it was the Primary, a living Alternate
     * takes over; without one the subnet is stale until rediscovery finds agents.
     */
    private Optional<Ipv4Address> vacate(Agent agent, Instant now) {
        Subnet subnet = agent.subnet();
        AgentRole was = agent.role();
        agent.changeRole(AgentRole.MEMBER);
        em.flush();
        if (was != AgentRole.PRIMARY) {
            return Optional.empty();
        }
        Agent alternate = withRole(agentsOf(subnet), AgentRole.ALTERNATE);
        if (alternate == null || !alive(alternate, now)) {
            subnet.markStale(now);
            return Optional.empty();
        }
        alternate.changeRole(AgentRole.PRIMARY);
        em.flush();
        return Optional.of(alternate.address());
    }

    private static void logRelease(Agent agent, AgentRole was, String reason, Optional<Ipv4Address> promoted) {
        String subnet = agent.subnet().cidr().toString();
        if (was == AgentRole.PRIMARY) {
            ReveilleLogger.LOG.primaryGoingDown(agent.address().toString(), subnet, reason,
                    promoted.map(p -> "Alternate " + p + " promoted to Primary").orElse("no living Alternate to promote; the subnet needs rediscovery"));
        } else {
            ReveilleLogger.LOG.agentDemoted(agent.address().toString(), subnet, was.name().toLowerCase(), reason);
        }
    }

    private Optional<Subnet> findSubnet(Cidr cidr) {
        return em.createQuery("select s from Subnet s where s.network = :network and s.prefixLength = :prefix", Subnet.class)
                .setParameter("network", cidr.networkAddress().toLong())
                .setParameter("prefix", cidr.prefixLength())
                .getResultStream().findFirst();
    }

    private List<Agent> agentsOf(Subnet subnet) {
        return em.createQuery("select a from Agent a where a.subnet = :subnet order by a.id", Agent.class)
                .setParameter("subnet", subnet).getResultList();
    }

    private static Agent withRole(List<Agent> agents, AgentRole role) {
        return agents.stream().filter(a -> a.role() == role).findFirst().orElse(null);
    }
}
