package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.reveille.domain.model.ConflictException;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditDetail;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.domain.model.subnet.LinkPrefix;
import org.reveille.domain.model.subnet.LinkPrefixes;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.Ipv6Address;
import org.reveille.net.Ipv6Prefix;

/**
 * Which IPv4 subnet of the agent list each IPv6 prefix is the same link as (docs/architecture.md, "Flow: IPv6
 * links"): agents announce their link's prefixes when they register (protocol version 4), administrators set them
 * (audited subnet-ipv6-prefixes-changed); a wake places an IPv6-only adapter by the longest prefix that holds its
 * address. An agent moves a prefix another agent announced elsewhere (the link was renumbered) but never one an
 * administrator set.
 */
@Stateless
public class Ipv6Links {

    /** Every known prefix at one moment, for placing many addresses (a wake job's). */
    public static final class Placement {

        private final List<LinkPrefix> longestFirst;

        Placement(List<LinkPrefix> prefixes) {
            this.longestFirst = prefixes.stream()
                    .sorted(Comparator.comparingInt((LinkPrefix p) -> p.prefix().prefixLength()).reversed()).toList();
        }

        /** The subnet whose link holds {@code address} by its longest prefix; empty when no known prefix holds it. */
        public Optional<Cidr> subnetOf(Ipv6Address address) {
            return longestFirst.stream().filter(p -> p.prefix().contains(address)).map(LinkPrefix::subnet).findFirst();
        }

        public boolean isEmpty() {
            return longestFirst.isEmpty();
        }
    }

    /**
     * The shortest prefix an agent may announce: a link's on-link prefix is a /64 almost everywhere; a shorter one from
     * an agent (a misconfigured host, or a hostile one) would claim whole sites' addresses for its subnet.
     */
    public static final int SHORTEST_ANNOUNCED = 48;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private AuditTrail audit;

    @Inject
    private Clock clock;

    /** The prefixes known now. */
    public Placement placement() {
        return new Placement(all());
    }

    /** Every known prefix. */
    public List<LinkPrefix> all() {
        return em.createQuery("select p from LinkPrefix p", LinkPrefix.class).getResultList();
    }

    /** Each subnet's prefixes (a page of the agent list), by prefix; subnets without any are absent. */
    public Map<Cidr, List<LinkPrefix>> of(Collection<Cidr> subnets) {
        if (subnets.isEmpty()) {
            return Map.of();
        }
        Map<Cidr, List<LinkPrefix>> bySubnet = new HashMap<>();
        em.createQuery("select p from LinkPrefix p where p.subnet in :subnets", LinkPrefix.class)
                .setParameter("subnets", Set.copyOf(subnets)).getResultStream()
                .sorted(Comparator.comparing(LinkPrefix::prefix))
                .forEach(p -> bySubnet.computeIfAbsent(p.subnet(), c -> new ArrayList<>()).add(p));
        return bySubnet;
    }

    /** Whether the subnet's link has a known IPv6 prefix (its wakes ask the agent for ff02::1 too). */
    public boolean hasIpv6(Cidr subnet) {
        return !em.createQuery("select p.id from LinkPrefix p where p.subnet = :subnet", Long.class)
                .setParameter("subnet", subnet).setMaxResults(1).getResultList().isEmpty();
    }

    /**
     * An agent of {@code subnet} announced {@code prefixes} for its link: new ones are recorded, ones another agent
     * announced on another subnet move here (REVEILLE00193), an administrator's stay where they are (REVEILLE00194);
     * ones shorter than {@value #SHORTEST_ANNOUNCED} bits are ignored.
     * Its own transaction: a registration does not fail for it; two agents announcing the same new prefix meet on its
     * unique key, and the loser runs again ({@link ConcurrentWrites}, by the caller).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void announced(Cidr subnet, Ipv4Address agent, List<Ipv6Prefix> prefixes) {
        if (prefixes.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<Ipv6Prefix, LinkPrefix> known = new HashMap<>();
        em.createQuery("select p from LinkPrefix p where p.prefix in :prefixes", LinkPrefix.class)
                .setParameter("prefixes", prefixes).getResultStream().forEach(p -> known.put(p.prefix(), p));
        for (Ipv6Prefix prefix : prefixes) {
            LinkPrefix row = known.get(prefix);
            if (prefix.prefixLength() < SHORTEST_ANNOUNCED) {
                ReveilleLogger.LOG.debugf("IPv6 prefix %s announced by agent %s ignored: shorter than /%d", prefix, agent, SHORTEST_ANNOUNCED);
            } else if (row == null) {
                em.persist(new LinkPrefix(prefix, subnet, LinkPrefix.Source.AGENT, now));
            } else if (!row.subnet().equals(subnet)) {
                if (row.source() == LinkPrefix.Source.ADMIN) {
                    ReveilleLogger.LOG.linkPrefixContested(agent.toString(), subnet.toString(), prefix.toString(), row.subnet().toString());
                } else {
                    ReveilleLogger.LOG.linkPrefixMoved(prefix.toString(), subnet.toString(), row.subnet().toString(), agent.toString());
                    row.movedTo(subnet, LinkPrefix.Source.AGENT, now);
                }
            }
        }
        em.flush();
    }

    /**
     * Replaces the subnet's prefixes, whoever gave them, with the administrator's (empty: none; agents may announce
     * theirs again); audited subnet-ipv6-prefixes-changed. A prefix that overlaps another subnet's prefix is refused
     * (409, naming it) unless an agent announced it there, when it moves: the administrator knows the link.
     */
    public LinkPrefixes set(LinkPrefixes wanted, Actor actor) {
        Instant now = clock.instant();
        List<LinkPrefix> all = all();
        List<String> before = all.stream().filter(p -> p.subnet().equals(wanted.subnet())).map(p -> p.prefix().toString()).sorted().toList();
        for (Ipv6Prefix prefix : wanted.prefixes()) {
            for (LinkPrefix other : all) {
                if (!other.subnet().equals(wanted.subnet()) && other.prefix().overlaps(prefix)
                        && (other.source() == LinkPrefix.Source.ADMIN || !other.prefix().equals(prefix))) {
                    throw new ConflictException("IPv6 prefix " + prefix + " overlaps " + other.prefix() + ", which "
                            + (other.source() == LinkPrefix.Source.ADMIN ? "an administrator set" : "an agent announced")
                            + " on subnet " + other.subnet() + "; remove it there first");
                }
            }
        }
        Map<Ipv6Prefix, LinkPrefix> byPrefix = new HashMap<>();
        all.forEach(p -> byPrefix.put(p.prefix(), p));
        for (LinkPrefix row : all) {
            if (row.subnet().equals(wanted.subnet()) && !wanted.prefixes().contains(row.prefix())) {
                em.remove(row);
            }
        }
        for (Ipv6Prefix prefix : wanted.prefixes()) {
            LinkPrefix row = byPrefix.get(prefix);
            if (row == null) {
                em.persist(new LinkPrefix(prefix, wanted.subnet(), LinkPrefix.Source.ADMIN, now));
            } else {
                row.movedTo(wanted.subnet(), LinkPrefix.Source.ADMIN, now);
            }
        }
        em.flush();
        audit.record(actor, AuditKind.SUBNET_IPV6_PREFIXES_CHANGED, "subnet " + wanted.subnet(), AuditDetail.of()
                .with("prefixes", wanted.prefixes().stream().map(Object::toString).toList()).with("before", before));
        return wanted;
    }
}
