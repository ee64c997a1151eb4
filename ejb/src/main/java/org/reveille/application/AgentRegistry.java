package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.reveille.domain.model.agent.Agent;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * The agent list's registrations and roles (design flows 2-5). Decisions for one subnet are serialised by a
 * lock on its row; the unique key (subnet, proxy role) is the last guard, so that two servers can never give
 * one subnet two Primaries.
 */
@Stateless
public class AgentRegistry {

    /** An agent silent for this long no longer counts as a living Primary (3 missed 60 s heartbeats). */
    public static final Duration HEARTBEAT_TIMEOUT = Duration.ofMinutes(3);

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
    private Clock clock;

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

        AgentRole granted = decide(request.requestedRole(), self, primary, alternate, now);
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

    private static AgentRole decide(AgentRole requested, Agent self, Agent primary, Agent alternate, Instant now) {
        switch (requested) {
            case PRIMARY:
                // a returning agent whose probe found no Primary (flow 4): believe it unless ours is alive
                if (primary == null || primary == self || !alive(primary, now)) {
                    return AgentRole.PRIMARY;
                }
                return AgentRole.ALTERNATE;
            case ALTERNATE:
                // a returning agent that found a Primary: it becomes the Alternate, the previous one is let go
                return primary == self ? AgentRole.PRIMARY : AgentRole.ALTERNATE;
            default:
                // discovery (flow 2): the first agent is Primary, the second Alternate, the rest members
                if (self != null && self.role() != AgentRole.MEMBER) {
                    return self.role();
                }
                if (primary == null) {
                    return AgentRole.PRIMARY;
                }
                return alternate == null ? AgentRole.ALTERNATE : AgentRole.MEMBER;
        }
    }

    private static boolean alive(Agent agent, Instant now) {
        return agent.lastSeenAt().plus(HEARTBEAT_TIMEOUT).isAfter(now);
    }

    /** A heartbeat or any other sign of life; false when the agent is not registered. */
    public boolean seen(Ipv4Address address) {
        Instant now = clock.instant();
        List<Agent> agents = em.createQuery("select a from Agent a join fetch a.subnet where a.address = :address", Agent.class)
                .setParameter("address", address).getResultList();
        agents.forEach(a -> {
            a.seen(now);
            a.subnet().agentContact(now);
        });
        return !agents.isEmpty();
    }

    /** After a GOING DOWN: the subnet that lost a proxy (to rediscover), and the agent promoted to Primary, if any. */
    public record Handover(long subnetId, Optional<Ipv4Address> promoted) {
    }

    /**
     * An agent says it is going down (flow 5). A Primary's Alternate is promoted at once; the subnet is left
     * without an Alternate until discovery recruits one, which the caller starts at once.
     */
    public Optional<Handover> goingDown(Ipv4Address address, String reason) {
        Instant now = clock.instant();
        for (Agent agent : em.createQuery("select a from Agent a join fetch a.subnet where a.address = :address", Agent.class)
                .setParameter("address", address).getResultList()) {
            Subnet subnet = agent.subnet();
            em.lock(subnet, LockModeType.PESSIMISTIC_WRITE);
            AgentRole was = agent.role();
            agent.changeRole(AgentRole.MEMBER);
            em.flush();
            if (was == AgentRole.PRIMARY) {
                Agent alternate = withRole(agentsOf(subnet), AgentRole.ALTERNATE);
                if (alternate != null) {
                    alternate.changeRole(AgentRole.MEMBER);
                    em.flush();
                    alternate.changeRole(AgentRole.PRIMARY);
                    em.flush();
                    ReveilleLogger.LOG.primaryGoingDown(address.toString(), subnet.cidr().toString(), reason,
                            "Alternate " + alternate.address() + " promoted to Primary");
                    return Optional.of(new Handover(subnet.id(), Optional.of(alternate.address())));
                }
                subnet.markStale(now);
                ReveilleLogger.LOG.primaryGoingDown(address.toString(), subnet.cidr().toString(), reason,
                        "no Alternate to promote; the subnet needs rediscovery");
                return Optional.of(new Handover(subnet.id(), Optional.empty()));
            } else if (was == AgentRole.ALTERNATE) {
                ReveilleLogger.LOG.agentDemoted(address.toString(), subnet.cidr().toString(), "alternate", "going down: " + reason);
                return Optional.of(new Handover(subnet.id(), Optional.empty()));
            }
        }
        return Optional.empty();
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
