package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.reveille.domain.model.ConflictException;
import org.reveille.domain.model.boundary.BoundarySet;
import org.reveille.domain.model.settings.Settings;
import org.reveille.domain.model.subnet.PollHistoryEntry;
import org.reveille.domain.model.subnet.PollRecord;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.domain.model.subnet.SubnetState;
import org.reveille.application.port.Discoveries;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Cidr;

/**
 * One poll of the Agent State Manager (docs/architecture.md#flow-agent-state-manager-poll). In the proactive strategy
 * it adds the inventory's subnets that lie wholly inside the boundaries as NEW; it deletes subnets unreachable longer
 * than the setting (never one with dedicated agents) and marks stale the healthy ones silent longer than the setting;
 * then it queues the first MaxSubnetsPerPoll NEW, STALE or degraded subnets for discovery, oldest first, and leaves the
 * rest for the next poll. The poll
 * holds the lock of the single poll record for its whole transaction: polls of several servers on one database never
 * overlap. Every poll that runs adds an entry to the poll history in the same transaction, which keeps the newest
 * {@link PollHistoryEntry#KEPT}.
 */
@Stateless
public class AgentStateManager {

    public enum Trigger { TIMER, MANUAL }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private org.reveille.application.port.Telemetry telemetry;

    @Inject
    private Clock clock;

    @Inject
    private SettingsService settingsService;

    @Inject
    private BoundaryService boundaryService;

    @Inject
    private Discoveries discovery;

    @Inject
    private HeartbeatRecorder heartbeats;

    @Inject
    private SubnetPolicies policies;

    /**
     * Runs one poll, or skips a timer poll when another server polled within the last half interval. A disabled
     * manager does nothing: a timer poll returns, a manual poll is refused.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public PollRecord poll(Trigger trigger) {
        long began = System.nanoTime();
        heartbeats.flush();   // staleness is decided on last contact: the held heartbeats count (written in their own transaction)
        PollRecord record = em.find(PollRecord.class, PollRecord.ID, LockModeType.PESSIMISTIC_WRITE);
        Settings settings = settingsService.current();
        Instant started = clock.instant();
        Duration interval = settings.agentStateManagerInterval();
        if (!settings.agentStateManagerEnabled()) {
            if (trigger == Trigger.MANUAL) {
                throw new ConflictException("The Agent State Manager is disabled (agentStateManagerEnabled=false): enable it to poll");
            }
            return record;
        }
        if (trigger == Trigger.TIMER && record.lastFinishedAt() != null
                && record.lastFinishedAt().plus(interval.dividedBy(2)).isAfter(started)) {
            return record; // another server's timer just polled
        }
        int added = 0;
        int outOfBounds = 0;
        if (settings.discoveryStrategy() == Settings.DiscoveryStrategy.PROACTIVE) {
            BoundarySet boundaries = boundaryService.current();
            Set<Cidr> known = new HashSet<>();
            em.createQuery("select s from Subnet s", Subnet.class).getResultStream().forEach(s -> known.add(s.cidr()));
            List<Cidr> inventory = em.createQuery("select distinct n.subnet from Machine m join m.nics n where n.subnet is not null", Cidr.class)
                    .getResultList();
            for (Cidr cidr : inventory) {
                if (boundaries.coverage(cidr) != BoundarySet.Coverage.FULL) {
                    outOfBounds++;
                } else if (known.add(cidr)) {
                    em.persist(new Subnet(cidr, started));
                    added++;
                }
            }
        }
        int deleted = 0;
        int stale = 0;
        Set<Cidr> dedicated = new HashSet<>();   // an administrator's choice keeps the subnet in the agent list
        policies.dedicated().forEach(d -> dedicated.add(d.subnet()));
        for (Subnet subnet : em.createQuery("select s from Subnet s where s.state in :states", Subnet.class)
                .setParameter("states", List.of(SubnetState.HEALTHY, SubnetState.UNREACHABLE)).getResultList()) {
            if (subnet.isExpired(started, settings.deleteUnreachableAfter()) && !dedicated.contains(subnet.cidr())) {
                em.createQuery("delete from Agent a where a.subnet = :s").setParameter("s", subnet).executeUpdate();
                em.remove(subnet);
                deleted++;
            } else if (subnet.isStale(started, settings.staleAfter())) {
                subnet.markStale(started);
                stale++;
            }
        }
        em.flush();
        // oldest first; a subnet queued less than one interval ago is still waiting for its discovery; a degraded one
        // (a dedicated agent not serving) is rediscovered every poll, to take its dedicated agent back as soon as it answers
        List<Subnet> due = em.createQuery("select s from Subnet s where (s.state in :states or s.degradedSince is not null) "
                        + "and (s.discoveryQueuedAt is null or s.discoveryQueuedAt < :requeue) order by s.stateChangedAt, s.id", Subnet.class)
                .setParameter("states", List.of(SubnetState.NEW, SubnetState.STALE))
                .setParameter("requeue", started.minus(interval))
                .getResultList();
        List<Subnet> queued = due.subList(0, Math.min(due.size(), settings.maxSubnetsPerPoll()));
        for (Subnet subnet : queued) {
            subnet.discoveryQueued(started);
            discovery.queue(subnet.id());
        }
        PollRecord.Counts counts = new PollRecord.Counts(added, stale, deleted, queued.size(), due.size() - queued.size(), outOfBounds);
        String server = ServerNode.name();
        Instant finished = clock.instant();
        record.record(trigger.name().toLowerCase(), server, started, finished, counts);
        em.persist(new PollHistoryEntry(record.polls(), server, trigger.name().toLowerCase(), started, finished, counts,
                queued.stream().map(Subnet::cidr).toList()));
        // polls are numbered one by one under the lock: the entry falling out of the newest KEPT is found by its key
        em.createQuery("delete from PollHistoryEntry p where p.id <= :oldest")
                .setParameter("oldest", record.polls() - PollHistoryEntry.KEPT).executeUpdate();
        ReveilleLogger.LOG.poll(trigger.name().toLowerCase(), added, stale, deleted, queued.size(), counts.remaining(), outOfBounds);
        telemetry.pollFinished(Duration.ofNanos(System.nanoTime() - began));
        return record;
    }

    /**
     * Runs a poll through {@code manager} (the container's proxy: each attempt is its own transaction), again while it
     * loses a race (e.g. a discovery changed one of the subnets it was updating; see {@link ConcurrentWrites}).
     * Nothing of a lost attempt is kept (its transaction, queued discoveries included, rolled back).
     */
    public static PollRecord pollRetrying(AgentStateManager manager, Trigger trigger) {
        return ConcurrentWrites.retrying("Agent State Manager poll", () -> manager.poll(trigger));
    }

    public PollRecord last() {
        return em.find(PollRecord.class, PollRecord.ID);
    }

    /** The poll history, newest first. */
    public Page<PollHistoryEntry> history(int offset, int limit) {
        List<PollHistoryEntry> items = em.createQuery("select p from PollHistoryEntry p order by p.id desc", PollHistoryEntry.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
        items.forEach(PollHistoryEntry::queuedSubnets); // loaded here, in batches, for callers outside the transaction
        long total = em.createQuery("select count(p) from PollHistoryEntry p", Long.class).getSingleResult();
        return new Page<>(items, total, offset, limit);
    }
}
