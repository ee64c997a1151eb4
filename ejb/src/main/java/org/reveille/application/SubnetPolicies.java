package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditDetail;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.domain.model.subnet.DedicatedAgents;
import org.reveille.domain.model.subnet.ServerDirect;
import org.reveille.domain.model.subnet.SubnetPairing;
import org.reveille.domain.model.subnet.SubnetPolicy;
import org.reveille.net.Cidr;

/**
 * The subnets' policies beyond their elected agents (docs/architecture.md, "Wake paths"; docs/network.md): the
 * paired unauthenticated subnets (set one subnet at a time, or imported for many at once, all or nothing), the
 * server-direct mode and the dedicated agents. Each change is audited in its transaction. Writers of one subnet take its row in turn (a
 * pessimistic lock); two writers of the same new subnet meet on its unique key, and the loser's transaction runs
 * again ({@link ConcurrentWrites}, by the caller); an import meets a writer on the row's version, and runs again too.
 */
@Stateless
public class SubnetPolicies {

    /** What an import did. */
    public record Imported(int subnets, int pairs) {
    }

    /** One subnet's policy as the interfaces show it. */
    public record Policy(SubnetPairing pairing, ServerDirect serverDirect, DedicatedAgents dedicated) {

        static Policy of(SubnetPolicy policy) {
            return new Policy(policy.pairing(), policy.serverDirect(), policy.dedicated());
        }

        static Policy none(Cidr subnet) {
            return new Policy(new SubnetPairing(subnet, List.of()), ServerDirect.NEVER, DedicatedAgents.none(subnet));
        }
    }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private AuditTrail audit;

    @Inject
    private Clock clock;

    /** The subnet's paired subnets: none when it has no policy. */
    public SubnetPairing pairing(Cidr subnet) {
        return policy(subnet).pairing();
    }

    /** The policy of each of the subnets that has one (a page of the agent list): one query. */
    public Map<Cidr, Policy> policiesOf(Collection<Cidr> subnets) {
        if (subnets.isEmpty()) {
            return Map.of();
        }
        Set<Cidr> wanted = Set.copyOf(subnets);
        Map<Cidr, Policy> policies = new HashMap<>();
        em.createQuery("select p from SubnetPolicy p where p.network in :networks", SubnetPolicy.class)
                .setParameter("networks", wanted.stream().map(c -> c.networkAddress().toLong()).distinct().toList())
                .getResultStream().filter(p -> wanted.contains(p.subnet())).forEach(p -> policies.put(p.subnet(), Policy.of(p)));
        return policies;
    }

    /** The subnet's policy: the defaults (no pairs, server-direct never) when it has none. */
    public Policy policy(Cidr subnet) {
        return find(subnet, LockModeType.NONE).map(Policy::of).orElseGet(() -> Policy.none(subnet));
    }

    /** Every subnet whose policy is not the default (pairs, a server-direct mode, dedicated agents), by network. */
    public Page<Policy> policies(int offset, int limit) {
        String where = " from SubnetPolicy p where size(p.paired) > 0 or p.serverDirect <> :never or p.dedicatedFirst is not null";
        long total = em.createQuery("select count(p)" + where, Long.class).setParameter("never", ServerDirect.NEVER).getSingleResult();
        List<Policy> page = em.createQuery("select p" + where + " order by p.network, p.prefixLength", SubnetPolicy.class)
                .setParameter("never", ServerDirect.NEVER).setFirstResult(offset).setMaxResults(limit).getResultStream().map(Policy::of).toList();
        return new Page<>(page, total, offset, limit);
    }

    /** Sets whether the server sends the subnet's packets itself; audited as subnet-policy-changed. */
    public Policy serverDirect(Cidr subnet, ServerDirect mode, Actor actor) {
        Instant now = clock.instant();
        Optional<SubnetPolicy> existing = find(subnet, LockModeType.PESSIMISTIC_WRITE);   // writers of one subnet in turn
        ServerDirect before = existing.map(SubnetPolicy::serverDirect).orElse(ServerDirect.NEVER);
        SubnetPolicy policy = existing.orElseGet(() -> create(subnet, actor.user(), now));
        policy.serverDirect(mode, actor.user(), now);
        em.flush();
        audit.record(actor, AuditKind.SUBNET_POLICY_CHANGED, "subnet " + subnet, AuditDetail.of()
                .with("serverDirect", mode.wire()).with("before", before.wire()));
        return Policy.of(policy);
    }

    /** The dedicated agents of the subnet: none when it has no policy. */
    public DedicatedAgents dedicated(Cidr subnet) {
        return policy(subnet).dedicated();
    }

    /** Every subnet with dedicated agents (docs/network.md, "Dedicated agents"). */
    public List<DedicatedAgents> dedicated() {
        return em.createQuery("select p from SubnetPolicy p where p.dedicatedFirst is not null order by p.network, p.prefixLength", SubnetPolicy.class)
                .getResultStream().map(SubnetPolicy::dedicated).toList();
    }

    /**
     * Replaces the subnet's dedicated agents (none: elected agents again); audited as subnet-dedicated-agents-changed.
     * Only the policy: {@link DedicatedProxies#change} brings the agent list in line with it.
     */
    public DedicatedAgents dedicate(DedicatedAgents dedicated, Actor actor) {
        Instant now = clock.instant();
        Optional<SubnetPolicy> existing = find(dedicated.subnet(), LockModeType.PESSIMISTIC_WRITE);   // writers of one subnet in turn
        DedicatedAgents before = existing.map(SubnetPolicy::dedicated).orElseGet(() -> DedicatedAgents.none(dedicated.subnet()));
        existing.orElseGet(() -> create(dedicated.subnet(), actor.user(), now)).dedicate(dedicated, actor.user(), now);
        em.flush();
        audit.record(actor, AuditKind.SUBNET_DEDICATED_AGENTS_CHANGED, "subnet " + dedicated.subnet(), AuditDetail.of()
                .with("agents", dedicated.agents().stream().map(Object::toString).toList()).with("standIn", dedicated.standIn())
                .with("before", before.agents().stream().map(Object::toString).toList()).with("standInBefore", before.standIn()));
        return dedicated;
    }

    /** Every subnet with pairs, by network. */
    public Page<SubnetPairing> pairings(int offset, int limit) {
        long total = em.createQuery("select count(p) from SubnetPolicy p where size(p.paired) > 0", Long.class).getSingleResult();
        List<SubnetPairing> page = em.createQuery("select p from SubnetPolicy p where size(p.paired) > 0 order by p.network, p.prefixLength",
                SubnetPolicy.class).setFirstResult(offset).setMaxResults(limit).getResultStream().map(SubnetPolicy::pairing).toList();
        return new Page<>(page, total, offset, limit);
    }

    /** Replaces the subnet's paired subnets (none: removes them); audited as subnet-pairs-changed. */
    public SubnetPairing pair(SubnetPairing pairing, Actor actor) {
        Instant now = clock.instant();
        Optional<SubnetPolicy> existing = find(pairing.subnet(), LockModeType.PESSIMISTIC_WRITE);   // writers of one subnet in turn
        SubnetPairing before = existing.map(SubnetPolicy::pairing).orElseGet(() -> new SubnetPairing(pairing.subnet(), List.of()));
        existing.orElseGet(() -> create(pairing.subnet(), actor.user(), now)).pair(pairing, actor.user(), now);
        em.flush();
        audit.record(actor, AuditKind.SUBNET_PAIRS_CHANGED, "subnet " + pairing.subnet(), AuditDetail.of()
                .with("paired", pairing.paired().stream().map(Cidr::toString).toList())
                .with("before", before.paired().stream().map(Cidr::toString).toList()));
        return pairing;
    }

    /** Each subnet the import names gets exactly its pairs; one transaction, one audit entry (subnet-pairs-imported). */
    public Imported importPairs(List<SubnetPairing> pairings, Actor actor) {
        Instant now = clock.instant();
        Map<Cidr, SubnetPolicy> existing = new HashMap<>();
        em.createQuery("select p from SubnetPolicy p", SubnetPolicy.class).getResultStream().forEach(p -> existing.put(p.subnet(), p));
        int pairs = 0;
        for (SubnetPairing pairing : pairings) {
            SubnetPolicy policy = existing.get(pairing.subnet());
            (policy != null ? policy : create(pairing.subnet(), actor.user(), now)).pair(pairing, actor.user(), now);
            pairs += pairing.paired().size();
        }
        em.flush();
        audit.record(actor, AuditKind.SUBNET_PAIRS_IMPORTED, "subnet pairs", AuditDetail.of()
                .with("subnets", pairings.size()).with("pairs", pairs)
                .with("subnetList", pairings.stream().map(p -> p.subnet().toString()).toList()));
        return new Imported(pairings.size(), pairs);
    }

    private SubnetPolicy create(Cidr subnet, String user, Instant now) {
        SubnetPolicy policy = new SubnetPolicy(subnet, user, now);
        em.persist(policy);
        return policy;
    }

    private Optional<SubnetPolicy> find(Cidr subnet, LockModeType lock) {
        return find(em, subnet, lock);
    }

    /** The subnet's policy, read by {@code em} with {@code lock} (also the dispatch planner's read, outside a transaction). */
    static Optional<SubnetPolicy> find(EntityManager em, Cidr subnet, LockModeType lock) {
        return em.createQuery("select p from SubnetPolicy p where p.network = :network and p.prefixLength = :prefix", SubnetPolicy.class)
                .setParameter("network", subnet.networkAddress().toLong()).setParameter("prefix", subnet.prefixLength())
                .setLockMode(lock).getResultStream().findFirst();
    }
}
