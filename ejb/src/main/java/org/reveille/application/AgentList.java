package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.reveille.domain.model.agent.Agent;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.machine.Machine;
import org.reveille.domain.model.machine.Nic;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

/** Short transactions AgentFinder needs around its (long, non-transactional) network work. */
@Stateless
public class AgentList {

    /** One entry of a discovery ping list. */
    public record PingTarget(Ipv4Address address, String machineName, org.reveille.domain.model.machine.Chassis chassis) {
    }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Clock clock;

    public Optional<Subnet> subnet(long id) {
        return Optional.ofNullable(em.find(Subnet.class, id));
    }

    /** The agent list's entry of the subnet, if it has one. */
    public Optional<Subnet> find(Cidr cidr) {
        return em.createQuery("select s from Subnet s where s.network = :n and s.prefixLength = :p", Subnet.class)
                .setParameter("n", cidr.networkAddress().toLong()).setParameter("p", cidr.prefixLength())
                .getResultStream().findFirst();
    }

    /** The agent-list entry of a subnet, created (state NEW) when missing. */
    public Subnet entryFor(Cidr cidr) {
        return find(cidr).orElseGet(() -> {
            ReveilleLogger.LOG.creatingSubnetEntry();
            Subnet created = new Subnet(cidr, clock.instant());
            em.persist(created);
            em.flush();
            return created;
        });
    }

    /**
     * The ping list of a subnet: every inventory NIC with an address inside it, servers first, then
     * workstations, unknown chassis, laptops last; by address within a chassis.
     */
    public List<PingTarget> pingList(Cidr cidr) {
        List<Machine> machines = em.createQuery("select distinct m from Machine m join m.nics n where n.subnet = :cidr", Machine.class)
                .setParameter("cidr", cidr).getResultList();
        return machines.stream()
                .flatMap(m -> m.nics().stream().map(Nic::ip).filter(ip -> ip != null && cidr.contains(ip))
                        .map(ip -> new PingTarget(ip, m.name(), m.chassis())))
                .distinct()
                .sorted(Comparator.comparingInt((PingTarget t) -> t.chassis().discoveryRank()).thenComparing(PingTarget::address))
                .toList();
    }

    /** Marks the subnet DISCOVERING; false when it was removed from the agent list meanwhile (nothing to discover). */
    public boolean discoveryStarted(long subnetId) {
        // locked like SubnetService's writes of the row: a rescan during the discovery waits rather than collides
        Subnet subnet = em.find(Subnet.class, subnetId, LockModeType.PESSIMISTIC_WRITE);
        if (subnet == null) {
            return false;
        }
        subnet.discoveryStarted(clock.instant());
        return true;
    }

    /** Primary and Alternate present: discovery can stop. */
    public int proxies(long subnetId) {
        return em.createQuery("select count(a) from Agent a where a.subnet.id = :id and a.proxyRole is not null", Long.class)
                .setParameter("id", subnetId).getSingleResult().intValue();
    }

    public boolean registered(long subnetId, Ipv4Address address) {
        return roleOf(subnetId, address).isPresent();
    }

    /** The role of the agent at this address on the subnet, empty when it is not registered there. */
    public Optional<AgentRole> roleOf(long subnetId, Ipv4Address address) {
        return em.createQuery("select a from Agent a where a.subnet.id = :id and a.address = :address", Agent.class)
                .setParameter("id", subnetId).setParameter("address", address).getResultStream().findFirst().map(Agent::role);
    }

    /** Ends a discovery: healthy when it has a Primary, unreachable when no agent answered. */
    public void discoveryFinished(long subnetId) {
        Subnet subnet = em.find(Subnet.class, subnetId, LockModeType.PESSIMISTIC_WRITE);
        if (subnet == null) {
            return;   // removed meanwhile
        }
        boolean hasPrimary = !em.createQuery("select a from Agent a where a.subnet = :s and a.proxyRole = :r", Agent.class)
                .setParameter("s", subnet).setParameter("r", AgentRole.PRIMARY.name()).getResultList().isEmpty();
        if (hasPrimary) {
            subnet.agentContact(clock.instant());
        } else {
            subnet.noAgentFound(clock.instant());
        }
    }
}
