package org.reveille.application;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import org.reveille.domain.model.ConflictException;
import org.reveille.domain.model.NotFoundException;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.domain.model.subnet.SubnetState;
import org.reveille.application.port.Discoveries;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditDetail;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Cidr;

/** Operator actions on the agent list: add a subnet, rescan it, remove it. */
@Stateless
public class SubnetService {

    @PersistenceContext
    private EntityManager em;

    /** This bean's container proxy: a call through it gets its own transaction (see the *Retrying methods). */
    @Resource
    private SessionContext context;

    @Inject
    private Clock clock;

    @Inject
    private AgentList agentList;

    @Inject
    private Discoveries discovery;

    @Inject
    private AuditTrail audit;

    /**
     * {@link #add} for a caller outside any transaction (the REST edge): each attempt is its own transaction, run
     * again while it loses a race with a concurrent write (see {@link ConcurrentWrites}); nothing of a lost one is kept.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Subnet addRetrying(Cidr cidr, Actor actor) {
        SubnetService self = context.getBusinessObject(SubnetService.class);
        // adding an existing subnet finds it, and a rescan queues one more discovery: both are run again after a lost race
        return ConcurrentWrites.retrying("Subnet add", () -> self.add(cidr, actor));
    }

    /**
     * {@link #rescan} for a caller outside any transaction (the REST edge): each attempt is its own transaction, run
     * again while it loses a race with a concurrent write (see {@link ConcurrentWrites}); nothing of a lost one is kept.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void rescanRetrying(long id, Actor actor) {
        SubnetService self = context.getBusinessObject(SubnetService.class);
        ConcurrentWrites.retrying("Subnet rescan", () -> self.rescan(id, actor));
    }

    /** Adds the subnet to the agent list (or finds it) and queues its discovery; audited (subnet-added). */
    public Subnet add(Cidr cidr, Actor actor) {
        Subnet subnet = agentList.entryFor(cidr);
        rescan(subnet.id());
        audit.record(actor, AuditKind.SUBNET_ADDED, "subnet " + subnet.id(), AuditDetail.of().with("subnet", cidr.toString()));
        return subnet;
    }

    /** {@link #rescan} asked for by {@code actor}; audited (subnet-rescan-requested). */
    public void rescan(long id, Actor actor) {
        rescan(id);
        audit.record(actor, AuditKind.SUBNET_RESCAN_REQUESTED, "subnet " + id,
                AuditDetail.of().with("subnet", em.find(Subnet.class, id).cidr().toString()));
    }

    /**
     * Queues a discovery of the subnet. The subnet's row is locked (and read afresh) first: rescans, re-adds and the
     * discovery itself write the same row, and wait for each other this way instead of failing each other's
     * optimistic check.
     */
    public void rescan(long id) {
        Subnet subnet = em.find(Subnet.class, id);
        if (subnet == null) {
            throw new NotFoundException("No subnet with id " + id);
        }
        try {
            em.refresh(subnet, LockModeType.PESSIMISTIC_WRITE);
        } catch (EntityNotFoundException e) {
            throw new NotFoundException("No subnet with id " + id + " (it was just removed)");
        }
        ReveilleLogger.LOG.agentFinderRescan(subnet.cidr().networkAddress().toString());
        subnet.discoveryQueued(clock.instant());
        discovery.queue(id);
    }

    /** As {@link #rescan}, committed on its own whatever happens to the caller's transaction. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void rescanSeparately(long id) {
        rescan(id);
    }

    /** How long a discovery under way holds off a removal of its subnet. */
    static final Duration DISCOVERY_HOLDS_REMOVAL = Duration.ofMinutes(10);

    /**
     * Refused while agents are registered on the subnet, as in the reference product: de-register them first; and
     * while its discovery runs (it would register agents on a subnet that is gone; at most
     * {@link #DISCOVERY_HOLDS_REMOVAL} after it started). A discovery only queued is
     * dropped when its turn comes. A removal that collides with a discovery starting is refused with 409 too.
     */
    public void remove(long id, Actor actor) {
        Subnet subnet = em.find(Subnet.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (subnet == null) {
            throw new NotFoundException("No subnet with id " + id);
        }
        // a discovery takes seconds to minutes; one "running" for longer was cut off (a server stopped) and holds nothing
        if (subnet.state() == SubnetState.DISCOVERING && subnet.stateChangedAt().isAfter(clock.instant().minus(DISCOVERY_HOLDS_REMOVAL))) {
            throw new ConflictException("Subnet " + subnet.cidr() + " is being discovered; remove it when the discovery has ended");
        }
        long agents = em.createQuery("select count(a) from Agent a where a.subnet = :s", Long.class)
                .setParameter("s", subnet).getSingleResult();
        if (agents > 0) {
            throw new ConflictException("Subnet " + subnet.cidr() + " has " + agents + " registered agent(s); de-register them before removing it");
        }
        em.remove(subnet);
        em.flush();   // a collision with a discovery starting surfaces here (409), not at commit
        audit.record(actor, AuditKind.SUBNET_REMOVED, "subnet " + id, AuditDetail.of().with("subnet", subnet.cidr().toString()));
    }
}
