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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.reveille.domain.model.NotFoundException;
import org.reveille.domain.model.collection.MachineCollection;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditDetail;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.logging.ReveilleLogger;

/** Named collections of machines (by resource id), pushed by inventory systems and woken as one. */
@Stateless
public class CollectionService {

    /** A collection and which of its members the inventory does not have (yet). */
    public record CollectionView(MachineCollection collection, List<String> missing) {
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

    /**
     * Creates the collection or replaces its members; returns whether it was created. Idempotent. An existing
     * collection is locked first, so that concurrent PUTs apply one after the other, each whole; two PUTs creating
     * the same new collection collide on its unique name and the caller runs the loser again.
     */
    /**
     * {@link #put} for a caller outside any transaction (the REST edge): each attempt is its own transaction, run
     * again while it loses a race with a concurrent write (see {@link ConcurrentWrites}); nothing of a lost one is kept.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public boolean putRetrying(String name, Set<String> members, Actor actor) {
        CollectionService self = context.getBusinessObject(CollectionService.class);
        // a PUT replaces the members whole: concurrent PUTs are run again until each is applied, the last one wins
        return ConcurrentWrites.retrying("Collection PUT", () -> self.put(name, members, actor));
    }

    public boolean put(String name, Set<String> members, Actor actor) {
        Optional<MachineCollection> existing = em.createQuery("select c from MachineCollection c where c.name = :name", MachineCollection.class)
                .setParameter("name", name).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst();
        if (existing.isPresent()) {
            existing.get().replaceMembers(members, clock.instant());
        } else {
            em.persist(new MachineCollection(name, members, clock.instant()));
        }
        em.flush();
        ReveilleLogger.LOG.collectionPut(name, members.size(), actor.user());
        audit.record(actor, AuditKind.COLLECTION_PUT, "collection " + name, AuditDetail.of().with("created", existing.isEmpty())
                .with("members", members.stream().sorted().toList()));
        return existing.isEmpty();
    }

    public Optional<CollectionView> view(String name) {
        return find(name).map(c -> {
            List<String> members = c.members().stream().sorted().toList();
            Set<String> known = new HashSet<>();
            for (int from = 0; from < members.size(); from += 1000) {
                known.addAll(em.createQuery("select m.resourceId from Machine m where m.resourceId in :ids", String.class)
                        .setParameter("ids", members.subList(from, Math.min(members.size(), from + 1000))).getResultList());
            }
            return new CollectionView(c, members.stream().filter(m -> !known.contains(m)).toList());
        });
    }

    public Page<MachineCollection> list(int offset, int limit) {
        List<MachineCollection> items = em.createQuery("select c from MachineCollection c order by c.name", MachineCollection.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
        items.forEach(c -> c.members().size());
        return new Page<>(items, em.createQuery("select count(c) from MachineCollection c", Long.class).getSingleResult(), offset, limit);
    }

    public void delete(String name, Actor actor) {
        MachineCollection collection = find(name).orElseThrow(() -> new NotFoundException("No collection named '" + name + "'"));
        int members = collection.members().size();
        em.remove(collection);
        audit.record(actor, AuditKind.COLLECTION_DELETED, "collection " + name, AuditDetail.of().with("members", members));
    }

    private Optional<MachineCollection> find(String name) {
        return em.createQuery("select c from MachineCollection c where c.name = :name", MachineCollection.class)
                .setParameter("name", name).getResultStream().findFirst();
    }
}
