package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditDetail;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.domain.model.identity.ServerKey;
import org.reveille.logging.ReveilleLogger;
import org.reveille.protocol.Ed25519;

/**
 * The server's signing keys for enrolled agents (docs/security.md, "Server key rotation"): the first server of an
 * estate creates key 1; an admin rotates: a new key signs from then on, endorsed by the keys it replaces until the end
 * of the overlap the admin chose.
 */
@Stateless
public class ServerKeys {

    public static final Duration MIN_OVERLAP = Duration.ofHours(1);
    public static final Duration MAX_OVERLAP = Duration.ofDays(365);

    @PersistenceContext
    private EntityManager em;

    @Inject
    private AuditTrail audit;

    /** The keys not yet retired, newest first (the first signs). */
    public List<ServerKey> inUse() {
        Instant now = audit.now();
        return all().stream().filter(k -> !k.retiredBy(now)).toList();
    }

    /** Every key, newest first. */
    public List<ServerKey> all() {
        return em.createQuery("select k from ServerKey k order by k.id desc", ServerKey.class).getResultList();
    }

    /**
     * Creates key 1 when there is none, in its own transaction: when two servers start at once, one insert fails on the
     * primary key and its server reads the other's.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void createFirstIfMissing() {
        if (em.createQuery("select count(k) from ServerKey k", Long.class).getSingleResult() == 0) {
            em.persist(new ServerKey(1, Ed25519.generate(), audit.now(), "reveille"));
            em.flush();
            ReveilleLogger.LOG.serverKeyCreated(1, "reveille (first start)");
        }
    }

    /** A new key signs from now on; the keys in use are accepted and endorse it until now + {@code overlap}. */
    public ServerKey rotate(Duration overlap, Actor actor) {
        if (overlap == null || overlap.compareTo(MIN_OVERLAP) < 0 || overlap.compareTo(MAX_OVERLAP) > 0) {
            throw new InvalidInputException("overlapHours", "must be between " + MIN_OVERLAP.toHours() + " and " + MAX_OVERLAP.toHours()
                    + " hours: agents that do not speak with a server during the overlap must enroll again");
        }
        Instant now = audit.now();
        List<ServerKey> keys = all();
        long newest = keys.isEmpty() ? 0 : keys.get(0).id();
        ServerKey created = new ServerKey(newest + 1, Ed25519.generate(), now, actor.user());
        Instant until = now.plus(overlap);
        keys.stream().filter(k -> !k.retiredBy(now)).forEach(k -> k.retireAt(until));
        em.persist(created);
        em.flush();   // a concurrent rotation fails here on the primary key
        ReveilleLogger.LOG.serverKeyRotated(actor.toString(), created.id(), newest, until.toString());
        audit.record(actor, AuditKind.SERVER_KEY_ROTATED, "server key " + created.id(), AuditDetail.of()
                .with("newKey", created.id()).with("endorsedBy", newest).with("overlapUntil", until.toString()));
        return created;
    }
}
