package org.reveille.application;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditDetail;
import org.reveille.domain.model.audit.AuditEvent;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.logging.ReveilleLogger;

/**
 * The audit trail (docs/architecture.md, "Audit trail"): {@link #record} writes an entry in the caller's transaction,
 * so that the entry and the change it records commit together or not at all; {@link #find} reads them, newest first;
 * {@link #purge} is the retention's only way to remove entries. There is no other write path: an entry, once
 * committed, is never changed.
 */
@Stateless
public class AuditTrail {

    /** The filters of a query; null members do not filter. {@code from} is inclusive, {@code to} exclusive. */
    public record Filter(Instant from, Instant to, String user, AuditKind kind) {
    }

    /** Entries removed per transaction by the retention. */
    static final int PURGE_ROUND = 1000;

    @PersistenceContext
    private EntityManager em;

    /** This bean's container proxy: a call through it gets the called method's own transaction. */
    @Resource
    private SessionContext context;

    @Inject
    private Clock clock;

    /** Records what {@code actor} did, in the caller's transaction (a new one where the caller has none). */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void record(Actor actor, AuditKind kind, String subject, AuditDetail detail) {
        em.persist(new AuditEvent(clock.instant(), actor, kind, subject, detail.json(), ServerNode.name()));
    }

    /** The server's clock (the one entries are stamped with). */
    public Instant now() {
        return clock.instant();
    }

    public Page<AuditEvent> find(Filter filter, int offset, int limit) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        if (filter.from() != null) {
            where.append(" and e.at >= :from");
        }
        if (filter.to() != null) {
            where.append(" and e.at < :to");
        }
        if (filter.user() != null) {
            where.append(" and e.username = :user");
        }
        if (filter.kind() != null) {
            where.append(" and e.kind = :kind");
        }
        TypedQuery<AuditEvent> query = em.createQuery("select e from AuditEvent e" + where + " order by e.at desc, e.id desc", AuditEvent.class);
        TypedQuery<Long> count = em.createQuery("select count(e) from AuditEvent e" + where, Long.class);
        Consumer<TypedQuery<?>> bind = q -> {
            if (filter.from() != null) {
                q.setParameter("from", filter.from());
            }
            if (filter.to() != null) {
                q.setParameter("to", filter.to());
            }
            if (filter.user() != null) {
                q.setParameter("user", filter.user());
            }
            if (filter.kind() != null) {
                q.setParameter("kind", filter.kind());
            }
        };
        bind.accept(query);
        bind.accept(count);
        List<AuditEvent> items = query.setFirstResult(offset).setMaxResults(limit).getResultList();
        return new Page<>(items, count.getSingleResult(), offset, limit);
    }

    /**
     * Removes up to {@code max} entries older than {@code before}, oldest first, in the caller's transaction; the
     * number removed. The retention calls it in rounds so that no transaction holds many rows.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int purge(Instant before, int max) {
        List<Long> ids = em.createQuery("select e.id from AuditEvent e where e.at < :before order by e.at, e.id", Long.class)
                .setParameter("before", before).setMaxResults(max).getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        return em.createQuery("delete from AuditEvent e where e.id in :ids").setParameter("ids", ids).executeUpdate();
    }

    /**
     * Removes every entry older than {@code retention}, {@value #PURGE_ROUND} per transaction, oldest first, and
     * records the removal itself (an {@code audit-purged} entry naming the count and the cut-off); the count removed.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public long applyRetention(Duration retention) {
        AuditTrail self = context.getBusinessObject(AuditTrail.class);
        Instant before = clock.instant().minus(retention);
        long removed = 0;
        int round;
        do {
            round = self.purge(before, PURGE_ROUND);
            removed += round;
        } while (round == PURGE_ROUND);
        if (removed > 0) {
            self.record(Actor.SYSTEM, AuditKind.AUDIT_PURGED, "entries before " + before,
                    AuditDetail.of().with("removed", removed).with("before", before.toString()).with("retentionDays", retention.toDays()));
            ReveilleLogger.LOG.auditPurged(removed, before.toString(), retention.toDays());
        }
        return removed;
    }
}
