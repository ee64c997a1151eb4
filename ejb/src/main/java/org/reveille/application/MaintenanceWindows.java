package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reveille.domain.model.ConflictException;
import org.reveille.domain.model.NotFoundException;
import org.reveille.domain.model.NotPermittedException;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditDetail;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.domain.model.collection.MachineCollection;
import org.reveille.domain.model.schedule.MaintenanceWindow;
import org.reveille.domain.model.schedule.WindowDefinition;
import org.reveille.domain.model.wake.WakeJobItem;
import org.reveille.domain.model.wake.WakeRequest;

/**
 * Maintenance windows of collections (docs/architecture.md, "Schedules and maintenance windows"): their upkeep, and
 * {@link #admit}, which every wake request passes before its job is created.
 */
@Stateless
public class MaintenanceWindows {

    /** How many windows one collection may have: enough for any week, few enough to check on every wake. */
    public static final int MAX_PER_COLLECTION = 50;

    /**
     * A wake request as the windows let it through: deferred to {@code deferredTo} (null: not deferred) by
     * {@code window}; or refused, {@code refusal} saying why (null when admitted). Returned, not thrown, so that a caller
     * in a transaction it must keep (a JMS delivery that dead-letters the request) can ask.
     */
    public record Admission(WakeRequest request, Instant deferredTo, String window, String refusal) {

        static Admission asAsked(WakeRequest request) {
            return new Admission(request, null, null, null);
        }

        static Admission refused(WakeRequest request, String why) {
            return new Admission(request, null, null, why);
        }
    }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private AuditTrail audit;

    @Inject
    private Clock clock;

    public MaintenanceWindow create(WindowDefinition definition, Actor actor) {
        Instant now = clock.instant();
        requireNameFree(definition.name(), null);
        MachineCollection collection = collection(definition.collection());
        requireRoom(collection, null);
        MaintenanceWindow window = new MaintenanceWindow(definition, collection, actor.user(), now);
        em.persist(window);
        em.flush();
        audit.record(actor, AuditKind.WINDOW_CREATED, "window " + window.id(), describe(window));
        return window;
    }

    public MaintenanceWindow update(long id, WindowDefinition definition, Actor actor, boolean admin) {
        MaintenanceWindow window = lockedForChange(id, actor, admin);
        requireNameFree(definition.name(), id);
        MachineCollection collection = collection(definition.collection());
        requireRoom(collection, id);
        window.redefine(definition, collection, clock.instant());
        em.flush();
        audit.record(actor, AuditKind.WINDOW_CHANGED, "window " + id, describe(window));
        return window;
    }

    public void delete(long id, Actor actor, boolean admin) {
        MaintenanceWindow window = lockedForChange(id, actor, admin);
        AuditDetail detail = describe(window);
        em.remove(window);
        em.flush();
        audit.record(actor, AuditKind.WINDOW_DELETED, "window " + id, detail);
    }

    /** The window with its collection (read outside this transaction by the edge). */
    public MaintenanceWindow get(long id) {
        return em.createQuery("select w from MaintenanceWindow w join fetch w.collection where w.id = :id", MaintenanceWindow.class)
                .setParameter("id", id).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("No maintenance window " + id));
    }

    /** Every window, by collection and name (at most {@code MAX_PER_COLLECTION} per collection keeps this small). */
    public Page<MaintenanceWindow> list(String collection, int offset, int limit) {
        String where = collection == null ? "" : " where w.collection.name = :collection";
        var count = em.createQuery("select count(w) from MaintenanceWindow w" + where, Long.class);
        var query = em.createQuery("select w from MaintenanceWindow w join fetch w.collection" + where
                + " order by w.collection.name, w.name, w.id", MaintenanceWindow.class);
        if (collection != null) {
            count.setParameter("collection", collection);
            query.setParameter("collection", collection);
        }
        return new Page<>(query.setFirstResult(offset).setMaxResults(limit).getResultList(), count.getSingleResult(), offset, limit);
    }

    /**
     * The request as the windows of the collections it names let it start: unchanged when each of them is open at its
     * start (its notBefore, or now) or has no window; otherwise deferred to the next opening or refused (409), as the
     * window that opens next says (a refusal is returned, not thrown). A request naming several governed collections starts when all of them are open, and
     * is refused when their windows do not meet. Machines named directly (names, ids, MACs) are not governed.
     */
    public Admission admit(WakeRequest request, Instant now) {
        List<String> collections = request.items().stream().filter(i -> i.kind() == WakeJobItem.Kind.COLLECTION)
                .map(WakeJobItem::item).distinct().toList();
        if (collections.isEmpty()) {
            return Admission.asAsked(request);
        }
        Map<String, List<MaintenanceWindow>> byCollection = new LinkedHashMap<>();
        for (int from = 0; from < collections.size(); from += 500) {
            em.createQuery("select w from MaintenanceWindow w join fetch w.collection where w.collection.name in :names order by w.id", MaintenanceWindow.class)
                    .setParameter("names", collections.subList(from, Math.min(collections.size(), from + 500))).getResultStream()
                    .forEach(w -> byCollection.computeIfAbsent(w.collection().name(), k -> new ArrayList<>()).add(w));
        }
        if (byCollection.isEmpty()) {
            return Admission.asAsked(request);
        }
        Instant requested = request.notBefore() == null || request.notBefore().isBefore(now) ? now : request.notBefore();
        Instant start = requested;
        String deferredBy = null;
        for (Map.Entry<String, List<MaintenanceWindow>> governed : byCollection.entrySet()) {
            List<MaintenanceWindow> windows = governed.getValue();
            if (windows.stream().anyMatch(w -> w.isOpenAt(requested))) {
                continue;
            }
            record Opening(MaintenanceWindow window, Instant at) {
            }
            Optional<Opening> next = windows.stream()
                    .flatMap(w -> w.nextOpening(requested).map(at -> new Opening(w, at)).stream())
                    .min(Comparator.comparing(Opening::at));
            if (next.isEmpty()) {
                return Admission.refused(request, "Collection '" + governed.getKey() + "' is outside its maintenance windows, and none of them opens again");
            }
            MaintenanceWindow window = next.get().window();
            if (window.rule() == MaintenanceWindow.Rule.REFUSE) {
                return Admission.refused(request, "Collection '" + governed.getKey() + "' is outside its maintenance windows: wakes are refused until window '"
                        + window.name() + "' opens at " + next.get().at());
            }
            if (next.get().at().isAfter(start)) {
                start = next.get().at();
                deferredBy = window.name();
            }
        }
        if (start.equals(requested)) {
            return Admission.asAsked(request);
        }
        Instant at = start;
        for (Map.Entry<String, List<MaintenanceWindow>> governed : byCollection.entrySet()) {
            if (governed.getValue().stream().noneMatch(w -> w.isOpenAt(at))) {
                return Admission.refused(request, "The maintenance windows of the collections named do not meet: '" + governed.getKey()
                        + "' is closed at " + at + ", when window '" + deferredBy + "' opens; wake these collections in separate requests");
            }
        }
        return new Admission(new WakeRequest(request.items(), request.verify(), at, request.password()), at, deferredBy, null);
    }

    private MaintenanceWindow lockedForChange(long id, Actor actor, boolean admin) {
        MaintenanceWindow window = em.find(MaintenanceWindow.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (window == null) {
            throw new NotFoundException("No maintenance window " + id);
        }
        if (!admin && !window.ownedBy(actor.user())) {
            throw new NotPermittedException("Maintenance window " + id + " belongs to " + window.createdBy() + "; only they or an admin may change it");
        }
        return window;
    }

    private MachineCollection collection(String name) {
        return em.createQuery("select c from MachineCollection c where c.name = :name", MachineCollection.class)
                .setParameter("name", name).getResultStream().findFirst()
                .orElseThrow(() -> new org.reveille.domain.model.InvalidInputException("collection", "no collection named '" + name + "'"));
    }

    private void requireNameFree(String name, Long self) {
        List<Long> holders = em.createQuery("select w.id from MaintenanceWindow w where w.name = :name", Long.class)
                .setParameter("name", name).getResultList();
        if (holders.stream().anyMatch(id -> !id.equals(self))) {
            throw new ConflictException("A maintenance window named '" + name + "' exists already");
        }
    }

    private void requireRoom(MachineCollection collection, Long self) {
        long others = em.createQuery("select w.id from MaintenanceWindow w where w.collection = :c", Long.class)
                .setParameter("c", collection).getResultStream().filter(id -> !id.equals(self)).count();
        if (others >= MAX_PER_COLLECTION) {
            throw new ConflictException("Collection '" + collection.name() + "' has " + others + " maintenance windows, the most one collection may have");
        }
    }

    private static AuditDetail describe(MaintenanceWindow window) {
        return AuditDetail.of().with("name", window.name()).with("collection", window.collection().name()).with("cron", window.cron())
                .with("timeZone", window.timeZone()).with("durationMinutes", window.duration().toMinutes())
                .with("rule", window.rule().name().toLowerCase());
    }
}
