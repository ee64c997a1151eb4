package org.reveille.application;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reveille.application.port.PlannerStatistics;
import org.reveille.domain.model.machine.Machine;
import org.reveille.domain.model.machine.MachineImport;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditDetail;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.logging.ReveilleLogger;

/** The machine inventory: bulk upserts from inventory systems and look-ups. */
@Stateless
public class InventoryService {

    /** Look-ups of existing machines go in chunks to keep IN lists reasonable on every database. */
    private static final int LOOKUP_CHUNK = 1000;

    public record UpsertResult(int received, int created, int updated, int unchanged) {
    }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private AuditTrail audit;

    /** This bean's container proxy: a call through it gets its own transaction (see the *Retrying methods). */
    @Resource
    private SessionContext context;

    @Inject
    private Clock clock;

    @Inject
    private PlannerStatistics statistics;

    /**
     * Idempotent and all-or-nothing (one transaction): re-sending the same batch changes nothing. The machines the
     * batch names that exist are locked first, in resource id order: overlapping upserts wait for each other (and
     * then see what the other wrote) instead of failing each other's optimistic check, and cannot deadlock. Two
     * upserts creating the same new machine still collide on its unique key: the caller runs the loser again
     * ({@link org.reveille.application.ConcurrentWrites}).
     */
    /**
     * {@link #upsert} for a caller outside any transaction (the REST edge): each attempt is its own transaction, run
     * again while it loses a race with a concurrent write (see {@link ConcurrentWrites}); nothing of a lost one is kept.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public UpsertResult upsertRetrying(List<MachineImport> batch, Actor actor) {
        InventoryService self = context.getBusinessObject(InventoryService.class);
        // idempotent, and a lost attempt keeps nothing: overlapping upserts of other clients are simply run again
        return ConcurrentWrites.retrying("Inventory upsert", () -> self.upsert(batch, actor));
    }

    /** Creates and updates machines; audited (inventory-changed, when anything changed) in the same transaction. */
    public UpsertResult upsert(List<MachineImport> batch, Actor actor) {
        String user = actor.user();
        Instant now = clock.instant();
        List<String> sorted = batch.stream().map(MachineImport::resourceId).distinct().sorted().toList();
        for (int from = 0; from < sorted.size(); from += LOOKUP_CHUNK) {
            em.createQuery("select m.id from Machine m where m.resourceId in :ids order by m.resourceId", Long.class)
                    .setParameter("ids", sorted.subList(from, Math.min(sorted.size(), from + LOOKUP_CHUNK)))
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        }
        Map<String, Machine> existing = new HashMap<>();
        for (int from = 0; from < batch.size(); from += LOOKUP_CHUNK) {
            List<String> ids = batch.subList(from, Math.min(batch.size(), from + LOOKUP_CHUNK)).stream()
                    .map(MachineImport::resourceId).toList();
            em.createNamedQuery("Machine.byResourceIds", Machine.class).setParameter("ids", ids)
                    .getResultStream().forEach(m -> existing.put(m.resourceId(), m));
        }
        int created = 0;
        int updated = 0;
        for (MachineImport row : batch) {
            Machine machine = existing.get(row.resourceId());
            if (machine == null) {
                em.persist(new Machine(row.resourceId(), row.name(), row.chassis(), row.nics(), now));
                created++;
            } else if (machine.update(row.name(), row.chassis(), row.nics(), now)) {
                updated++;
            }
        }
        em.flush();
        if (created > 0) {
            // the next batch's look-ups by resource id, and wake-ups by name or MAC, must be planned for the tables as
            // they are now (a first import of a million machines otherwise scans them whole, batch after batch)
            statistics.grown("machine", created);
            statistics.grown("nic", created);
        }
        UpsertResult result = new UpsertResult(batch.size(), created, updated, batch.size() - created - updated);
        ReveilleLogger.LOG.inventoryUpserted(user, result.received(), created, updated, result.unchanged());
        if (created + updated > 0) {
            audit.record(actor, AuditKind.INVENTORY_CHANGED, "machines", AuditDetail.of().with("received", result.received())
                    .with("created", created).with("updated", updated).with("unchanged", result.unchanged())
                    .with("resourceIds", batch.stream().map(MachineImport::resourceId).toList()));
        }
        return result;
    }

    public Optional<Machine> byResourceId(String resourceId) {
        return em.createNamedQuery("Machine.byResourceId", Machine.class).setParameter("id", resourceId)
                .getResultStream().findFirst();
    }

    /**
     * Machines by name, case-insensitively; a trailing {@code *} matches a prefix. Without a name, all
     * machines. Ordered by name.
     */
    public Page<Machine> byName(String name, int offset, int limit) {
        String where = "";
        String pattern = null;
        if (name != null && !name.isBlank()) {
            String key = Machine.nameKeyOf(name.trim());
            if (key.endsWith("*")) {
                pattern = key.substring(0, key.length() - 1).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
                where = " where m.nameKey like :pattern escape '\\'";
            } else {
                pattern = key;
                where = " where m.nameKey = :pattern";
            }
        }
        var query = em.createQuery("select m from Machine m" + where + " order by m.nameKey, m.id", Machine.class);
        var count = em.createQuery("select count(m) from Machine m" + where, Long.class);
        if (pattern != null) {
            query.setParameter("pattern", pattern);
            count.setParameter("pattern", pattern);
        }
        List<Machine> items = query.setFirstResult(offset).setMaxResults(limit).getResultList();
        items.forEach(m -> m.nics().size());
        return new Page<>(items, count.getSingleResult(), offset, limit);
    }
}
