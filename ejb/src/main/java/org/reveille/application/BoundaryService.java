package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.List;
import org.reveille.domain.model.ConflictException;
import org.reveille.domain.model.NotFoundException;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditDetail;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.domain.model.boundary.Boundary;
import org.reveille.domain.model.boundary.BoundaryDefinition;
import org.reveille.domain.model.boundary.BoundarySet;
import org.reveille.domain.model.boundary.BoundarySet.Coverage;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Cidr;

/** What this server is responsible for: boundaries from every source, merged. */
@Stateless
public class BoundaryService {

    /** An inventory subnet that the boundaries cover only in part (see BoundarySet for the rule). */
    public record SplitSubnet(Cidr subnet) {
    }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Clock clock;

    @Inject
    private AuditTrail audit;

    public BoundarySet current() {
        return new BoundarySet(em.createQuery("select b from Boundary b order by b.id", Boundary.class).getResultList());
    }

    /** Adds a boundary; a duplicate of one from the same source is refused. Overlaps are allowed and logged. */
    public Boundary add(BoundaryDefinition definition, Actor actor) {
        Boundary boundary = definition.toBoundary(actor.user(), clock.instant());
        BoundarySet before = current();
        for (Boundary existing : before.boundaries()) {
            if (existing.sameAddresses(boundary) && existing.source().equals(boundary.source())) {
                throw new ConflictException("Boundary " + existing + " already exists with id " + existing.id());
            }
        }
        em.persist(boundary);
        em.flush();
        ReveilleLogger.LOG.boundaryAdded(boundary.toString(), boundary.createdBy());
        audit.record(actor, AuditKind.BOUNDARY_ADDED, "boundary " + boundary.id(), AuditDetail.of().with("boundary", boundary.toString()));
        for (Boundary existing : before.boundaries()) {
            if (existing.overlaps(boundary)) {
                ReveilleLogger.LOG.boundariesOverlap(boundary.toString(), existing.toString());
            }
        }
        return boundary;
    }

    public void remove(long id, Actor actor) {
        Boundary boundary = em.find(Boundary.class, id);
        if (boundary == null) {
            throw new NotFoundException("No boundary with id " + id);
        }
        em.remove(boundary);
        ReveilleLogger.LOG.boundaryRemoved(boundary.toString(), actor.user());
        audit.record(actor, AuditKind.BOUNDARY_REMOVED, "boundary " + id, AuditDetail.of().with("boundary", boundary.toString()));
    }

    /** Subnets of the inventory's NICs that the boundaries cover only in part. */
    public List<SplitSubnet> splitSubnets(BoundarySet boundaries) {
        if (boundaries.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select distinct n.subnet from Machine m join m.nics n where n.subnet is not null", Cidr.class)
                .getResultStream()
                .filter(subnet -> boundaries.coverage(subnet) == Coverage.PARTIAL)
                .sorted()
                .map(SplitSubnet::new)
                .toList();
    }
}
