package org.reveille.application;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.reveille.domain.model.ConflictException;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.NotFoundException;
import org.reveille.domain.model.boundary.BoundarySet;
import org.reveille.domain.model.collection.MachineCollection;
import org.reveille.domain.model.machine.Machine;
import org.reveille.domain.model.machine.Nic;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.domain.model.subnet.SubnetState;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.domain.model.wake.WakeJobItem;
import org.reveille.domain.model.wake.WakeRequest;
import org.reveille.application.port.WakeDispatches;
import org.reveille.application.port.WakeRecords;
import org.reveille.application.port.WakeRecords.NewTarget;
import org.reveille.application.port.WakeTargets;
import org.reveille.application.port.PlannerStatistics;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditDetail;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * "Wake these machines" (docs/architecture.md#flow-wake), in one transaction: the job is recorded, what it names is
 * resolved to every NIC (names and collections to resource ids, resource ids to machines, MACs to the machine that has
 * them), targets outside the boundaries or unknown are recorded as skipped with why, each subnet without Primary and
 * Alternate gets its agent-list entry and an on-demand discovery, and the targets go to the wake-job queue in
 * per-subnet batches. The queue messages are part of the transaction: nothing is dispatched that was not recorded.
 */
@Stateless
public class WakeService {

    private static final int CHUNK = 1000;
    private static final String HINT_READ_ONLY = "org.hibernate.readOnly";

    @PersistenceContext
    private EntityManager em;

    /** This bean's container proxy: a call through it gets its own transaction (see the *Retrying methods). */
    @Resource
    private SessionContext context;

    @Inject
    private Ipv6Links ipv6Links;

    @Inject
    private Clock clock;

    @Inject
    private BoundaryService boundaries;

    @Inject
    private AgentList agentList;

    @Inject
    private SubnetService subnets;

    @Inject
    private WakeDispatches queue;

    @Inject
    private WakeTargets targets;

    @Inject
    private WakeRecords records;

    @Inject
    private AuditTrail audit;

    /** A job this large refreshes the planner statistics of the targets table before its batches are dispatched. */
    static final int STATISTICS_AFTER = 5_000;

    @Inject
    private PlannerStatistics statistics;

    @Inject
    private MaintenanceWindows windows;

    @Inject
    private Insight insight;

    @Inject
    private org.reveille.application.port.Telemetry telemetry;

    /** What a submission did, for the 202 answer; {@code deferredTo} and {@code window} when a maintenance window deferred it. */
    public record Submitted(long jobId, int queued, int skipped, int subnets, Instant deferredTo, String window) {
    }

    /** A spread is cut into at most this many slices per subnet, each queued with its own delay. */
    static final int SPREAD_SLICES = 60;

    /**
     * {@link #submit} for a caller outside any transaction (the REST edge): each attempt is its own transaction, run
     * again while it loses a race with a concurrent write (see {@link ConcurrentWrites}); nothing of a lost one is kept.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Submitted submitRetrying(WakeRequest request, WakeJob.Source source, Actor actor) {
        WakeService self = context.getBusinessObject(WakeService.class);
        // a submission that lost a race (e.g. two jobs creating the agent-list entry of the same new subnet) kept
        // nothing, its queue messages included: run it again rather than refuse it
        return ConcurrentWrites.retrying("Wake request", () -> self.submit(request, source, actor));
    }

    /**
     * Creates the job, resolves its targets and queues them; audited (wake-requested) in the same transaction. The
     * maintenance windows of the collections it names may defer it or refuse it (409) first.
     */
    public Submitted submit(WakeRequest request, WakeJob.Source source, Actor actor) {
        return submit(request, source, actor, null, Duration.ZERO);
    }

    /**
     * Why {@link #submit} would refuse the request now (a maintenance window that refuses it, a notBefore too far
     * ahead), without writing anything; empty when it would take it.
     */
    public Optional<String> refusal(WakeRequest request) {
        Instant now = clock.instant();
        try {
            request.requireScheduleWithin(now);
            MaintenanceWindows.Admission admission = windows.admit(request, now);
            if (admission.refusal() != null) {
                return Optional.of(admission.refusal());
            }
            admission.request().requireScheduleWithin(now);
            return Optional.empty();
        } catch (InvalidInputException e) {
            return Optional.of(e.describe());
        }
    }

    /**
     * A firing of schedule {@code scheduleId}: as {@link #submit}, the job linked to its schedule, its targets queued
     * over {@code spread} (each subnet's in up to {@value #SPREAD_SLICES} slices, evenly apart), in the caller's
     * transaction (the firing's, which records it).
     */
    public Submitted submitScheduled(WakeRequest request, Actor actor, long scheduleId, Duration spread) {
        return submit(request, WakeJob.Source.SCHEDULE, actor, scheduleId, spread);
    }

    private Submitted submit(WakeRequest asked, WakeJob.Source source, Actor actor, Long scheduleId, Duration spread) {
        String user = actor.user();
        Instant now = clock.instant();
        asked.requireScheduleWithin(now);
        MaintenanceWindows.Admission admission = windows.admit(asked, now);
        if (admission.refusal() != null) {
            throw new ConflictException(admission.refusal());
        }
        WakeRequest request = admission.request();
        request.requireScheduleWithin(now);
        WakeJob job = WakeJob.itemsWrittenApart(request, source, user, now);
        if (scheduleId != null) {
            job.firedBy(scheduleId);
        }
        em.persist(job);
        em.flush();
        long jobId = job.id();
        long started = System.nanoTime();
        records.items(jobId, request.items());
        long itemsWritten = System.nanoTime() - started;
        Resolution resolution = new Resolution(jobId, boundaries.current(), now);
        resolution.writeNanos = itemsWritten;
        resolve(request, resolution);
        resolution.drain();
        long resolved = System.nanoTime();
        if (resolution.recorded >= STATISTICS_AFTER) {
            statistics.refresh("wake_target");   // the dispatcher's look-ups must be planned for the table as it is now
        }
        long refreshed = System.nanoTime();

        Map<Cidr, List<Long>> bySubnet = resolution.queued;
        Map<Cidr, Subnet> entries = entriesFor(bySubnet.keySet());
        Map<Long, Long> proxies = proxyCounts(entries.values());
        Duration delay = request.notBefore() == null || !request.notBefore().isAfter(now) ? Duration.ZERO : Duration.between(now, request.notBefore());
        for (Map.Entry<Cidr, List<Long>> group : bySubnet.entrySet()) {
            Subnet subnet = entries.get(group.getKey());
            if (proxies.getOrDefault(subnet.id(), 0L) == 0 && !discoveryUnderWay(subnet, now)) {
                subnets.rescan(subnet.id());   // on demand: its targets wait for it in the dispatcher
            }
            List<Long> ids = group.getValue();
            int slices = spread.isZero() ? 1 : Math.min(ids.size(), SPREAD_SLICES);
            for (int slice = 0; slice < slices; slice++) {
                Duration at = delay.plus(spread.multipliedBy(slice).dividedBy(slices));
                // first queued "at": a deferred batch waits for a discovery from when it is due, not from now
                queue.queue(jobId, subnet.id(), 0, now.plus(at), ids.subList(ids.size() * slice / slices, ids.size() * (slice + 1) / slices), at);
            }
        }
        int queued = bySubnet.values().stream().mapToInt(List::size).sum();
        if (resolution.recorded >= STATISTICS_AFTER) {
            long millis = 1_000_000L;
            ReveilleLogger.LOG.wakeJobTimings(jobId, resolution.recorded, (resolved - started) / millis, resolution.writeNanos / millis,
                    (refreshed - resolved) / millis,
                    bySubnet.size(), (System.nanoTime() - refreshed) / millis);
        }
        int skipped = resolution.recorded - queued;
        telemetry.targets(TargetState.QUEUED, null, queued);
        resolution.skippedBy.forEach((category, n) -> telemetry.targets(TargetState.SKIPPED, category, n));
        job = em.find(WakeJob.class, jobId);   // managed again: the resolution cleared the persistence context
        job.running(now);
        if (queued == 0) {
            job.finish(now);
            insight.rollUp(job);
        }
        ReveilleLogger.LOG.wakeJobQueued(jobId, source.name().toLowerCase(), user, queued, bySubnet.size(), skipped);
        AuditDetail detail = requested(request).with("queued", queued).with("skipped", skipped).with("subnets", bySubnet.size());
        if (admission.deferredTo() != null) {
            ReveilleLogger.LOG.wakeJobDeferred(jobId, admission.window(), admission.deferredTo().toString());
            detail.with("deferredBy", admission.window());
        }
        if (scheduleId != null) {
            detail.with("schedule", scheduleId).with("spread", spread.toString());
        }
        audit.record(actor, AuditKind.WAKE_REQUESTED, "job " + jobId, detail);
        return new Submitted(jobId, queued, skipped, bySubnet.size(), admission.deferredTo(), admission.window());
    }

    /**
     * {@link #cancel} for a caller outside any transaction (the REST edge): each attempt is its own transaction, run
     * again while it loses a race with a concurrent write (see {@link ConcurrentWrites}); nothing of a lost one is kept.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void cancelRetrying(long jobId, Actor actor) {
        WakeService self = context.getBusinessObject(WakeService.class);
        // a cancel that lost a race with the dispatcher (e.g. a deadlock on the targets) kept nothing: run it again
        ConcurrentWrites.retrying("Job cancel", () -> self.cancel(jobId, actor));
    }

    /**
     * Cancels what has not been handed to an agent yet; 409 when the job is already finished or cancelled. The job's
     * row is locked first, so that of concurrent cancels exactly one wins (and is the one recorded as cancelledBy):
     * the others wait for it and then find the job cancelled.
     */
    public void cancel(long jobId, Actor actor) {
        String user = actor.user();
        WakeJob job = em.find(WakeJob.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw new NotFoundException("No wake job " + jobId);
        }
        if (job.state() == WakeJob.State.CANCELLED) {
            throw new ConflictException("Wake job " + jobId + " is already cancelled (by " + job.cancelledBy() + "); nothing to cancel");
        }
        if (job.isFinished()) {
            throw new ConflictException("Wake job " + jobId + " is already " + job.state().name().toLowerCase() + "; nothing to cancel");
        }
        Instant now = clock.instant();
        int cancelled = targets.cancel(jobId, "cancelled by " + user, "sent; verification cancelled by " + user);
        telemetry.targets(TargetState.SKIPPED, "cancelled", cancelled);
        job.cancel(user, now);
        em.flush();   // a lost race surfaces here, inside the request, rather than at commit
        ReveilleLogger.LOG.wakeJobCancelled(jobId, user, cancelled);
        audit.record(actor, AuditKind.WAKE_CANCELLED, "job " + jobId, AuditDetail.of().with("targetsCancelled", cancelled));
    }

    /** What a request asked, for its audit entry: each kind of item (the first 20 of each and their count), the schedule. */
    private static AuditDetail requested(WakeRequest request) {
        AuditDetail detail = AuditDetail.of().with("items", request.items().size());
        Map<WakeJobItem.Kind, List<String>> byKind = request.items().stream().collect(java.util.stream.Collectors.groupingBy(
                WakeJobItem::kind, () -> new java.util.EnumMap<>(WakeJobItem.Kind.class),
                java.util.stream.Collectors.mapping(WakeJobItem::item, java.util.stream.Collectors.toList())));
        for (WakeJobItem.Kind kind : WakeJobItem.Kind.values()) {
            List<String> named = byKind.getOrDefault(kind, List.of());
            if (!named.isEmpty()) {
                detail.with(switch (kind) {
                    case NAME -> "names";
                    case RESOURCE_ID -> "resourceIds";
                    case COLLECTION -> "collections";
                    case MAC -> "macs";
                }, named);
            }
        }
        return detail.with("verify", request.verify()).with("notBefore", request.notBefore() == null ? null : request.notBefore().toString())
                .with("secureOnPassword", request.password() != null ? true : null);
    }

    private static boolean discoveryUnderWay(Subnet subnet, Instant now) {
        return subnet.state() == SubnetState.DISCOVERING
                || subnet.discoveryQueuedAt() != null && subnet.discoveryQueuedAt().isAfter(now.minus(Duration.ofMinutes(1)));
    }

    private Map<Cidr, Subnet> entriesFor(Set<Cidr> cidrs) {
        Map<Cidr, Subnet> entries = new HashMap<>();
        List<Long> networks = cidrs.stream().map(c -> c.networkAddress().toLong()).distinct().toList();
        for (int from = 0; from < networks.size(); from += CHUNK) {
            em.createQuery("select s from Subnet s where s.network in :networks", Subnet.class)
                    .setParameter("networks", networks.subList(from, Math.min(networks.size(), from + CHUNK)))
                    .getResultStream().filter(s -> cidrs.contains(s.cidr())).forEach(s -> entries.put(s.cidr(), s));
        }
        for (Cidr cidr : cidrs) {
            if (!entries.containsKey(cidr)) {
                entries.put(cidr, agentList.entryFor(cidr));   // "Could not find subnet in agent list. Creating a new entry..."
            }
        }
        return entries;
    }

    private Map<Long, Long> proxyCounts(java.util.Collection<Subnet> subnetList) {
        Map<Long, Long> counts = new HashMap<>();
        List<Long> ids = subnetList.stream().map(Subnet::id).toList();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            em.createQuery("select a.subnet.id, count(a) from Agent a where a.proxyRole is not null and a.subnet.id in :ids "
                            + "group by a.subnet.id", Object[].class)
                    .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK)))
                    .getResultStream().forEach(row -> counts.put((Long) row[0], (Long) row[1]));
        }
        return counts;
    }

    // ---- resolution ----

    /**
     * The targets of one job as they are resolved. A bulk request names 100,000 machines: they are read as
     * projections ({@link Found}), not entities, and the targets are written chunk by chunk ({@link #drain()}), so
     * that nothing read or written piles up in the persistence context (heap, and Hibernate's dirty checking).
     */
    private final class Resolution {
        final long jobId;
        final BoundarySet boundarySet;
        final Instant now;
        final List<NewTarget> targets = new ArrayList<>();
        final Set<MacAddress> macs = new HashSet<>();
        /** Ids of the QUEUED targets written so far, per subnet, in request order. */
        final Map<Cidr, List<Long>> queued = new LinkedHashMap<>();
        /** Targets written so far, queued and skipped. */
        int recorded;
        /** Time spent writing the items and targets, for REVEILLE00111. */
        long writeNanos;
        /** Skipped targets by the reason's category (the metrics' reason tag). */
        final Map<String, Long> skippedBy = new HashMap<>();
        /** The links' IPv6 prefixes, read at the first IPv6-only adapter. */
        Ipv6Links.Placement ipv6;

        Resolution(long jobId, BoundarySet boundarySet, Instant now) {
            this.jobId = jobId;
            this.boundarySet = boundarySet;
            this.now = now;
        }

        /** Writes the targets resolved so far and empties the persistence context of the machines read. */
        void drain() {
            long began = System.nanoTime();
            long[] ids = records.targets(jobId, targets, now);
            writeNanos += System.nanoTime() - began;
            for (int i = 0; i < ids.length; i++) {
                NewTarget t = targets.get(i);
                if (t.queued()) {
                    queued.computeIfAbsent(t.subnet(), c -> new ArrayList<>()).add(ids[i]);
                }
            }
            recorded += targets.size();
            targets.clear();
            em.clear();
        }

        void skip(String requestedAs, String why) {
            skippedBy.merge("unknown-target", 1L, Long::sum);
            targets.add(new NewTarget(requestedAs, null, null, null, null, null, why));
        }

        /** Every NIC of the machine, once per job. */
        void machine(String requestedAs, Found machine) {
            if (machine.nics().isEmpty()) {
                skippedBy.merge("no-nic", 1L, Long::sum);
                targets.add(new NewTarget(requestedAs, machine.resourceId(), machine.name(), null, null, null,
                        "the inventory has no NIC for this machine"));
            }
            machine.nics().forEach(nic -> nic(requestedAs, machine, nic));
        }

        /** One NIC of a machine, once per job. */
        void nic(String requestedAs, Found machine, Nic nic) {
            if (macs.add(nic.mac())) {
                String why = null;
                Cidr subnet = nic.subnet() != null || nic.ipv6() == null ? nic.subnet() : subnetOf(nic.ipv6()).orElse(null);
                if (subnet == null) {
                    why = nic.ipv6() == null ? "no subnet known for this NIC in the inventory"
                            : "no subnet known for this NIC: no subnet's IPv6 link has a prefix holding " + nic.ipv6()
                            + " (agents announce their link's prefixes; PUT /api/subnets/ipv6-prefixes sets them)";
                    skippedBy.merge("no-subnet", 1L, Long::sum);
                } else if (!inBoundaries(nic, subnet)) {
                    why = boundarySet.isEmpty() ? "outside the boundaries of this server (no boundaries are defined)"
                            : "outside the boundaries of this server";
                    skippedBy.merge("outside-boundaries", 1L, Long::sum);
                }
                targets.add(new NewTarget(requestedAs, machine.resourceId(), machine.name(), nic.mac(), nic.ip(), subnet, why));
            }
        }

        /** The subnet whose IPv6 link holds {@code address} (docs/network.md, "IPv6"). */
        private java.util.Optional<Cidr> subnetOf(org.reveille.net.Ipv6Address address) {
            if (ipv6 == null) {
                ipv6 = ipv6Links.placement();
            }
            return ipv6.subnetOf(address);
        }

        /**
         * By its IPv4 address when the inventory has one; an adapter placed by its IPv6 address by that address or its
         * link's IPv4 subnet; else by its subnet, wholly inside.
         */
        private boolean inBoundaries(Nic nic, Cidr subnet) {
            if (nic.ip() != null) {
                return boundarySet.contains(nic.ip());
            }
            if (nic.subnet() == null && boundarySet.contains(nic.ipv6())) {
                return true;
            }
            return boundarySet.coverage(subnet) == BoundarySet.Coverage.FULL;
        }
    }

    /** Resolves kind by kind, in request order, one chunk of names, ids or MACs at a time (see {@link Resolution}). */
    private void resolve(WakeRequest request, Resolution resolution) {
        Map<WakeJobItem.Kind, List<String>> byKind = new LinkedHashMap<>();
        for (WakeJobItem item : request.items()) {
            byKind.computeIfAbsent(item.kind(), k -> new ArrayList<>()).add(item.item());
        }
        // collection members first, while the collections are managed (the chunks below clear the persistence context)
        List<String> collectionNames = byKind.getOrDefault(WakeJobItem.Kind.COLLECTION, List.of());
        Map<String, List<String>> collections = new HashMap<>();
        for (List<String> chunk : chunks(collectionNames.stream().distinct().toList())) {
            readOnly(em.createQuery("select c from MachineCollection c where c.name in :names", MachineCollection.class))
                    .setParameter("names", chunk).getResultStream()
                    .forEach(c -> collections.put(c.name(), c.members().stream().sorted().toList()));
        }
        // names (case-insensitive; a name may belong to several machines: all are woken)
        for (List<String> names : chunks(byKind.getOrDefault(WakeJobItem.Kind.NAME, List.of()))) {
            Map<String, List<Found>> byName = new HashMap<>();
            found("m.nameKey in :keys", "keys", names.stream().map(Machine::nameKeyOf).distinct().toList())
                    .forEach(m -> byName.computeIfAbsent(Machine.nameKeyOf(m.name()), k -> new ArrayList<>()).add(m));
            for (String name : names) {
                List<Found> machines = byName.get(Machine.nameKeyOf(name));
                if (machines == null) {
                    resolution.skip("name:" + name, "no machine named '" + name + "' in the inventory");
                } else {
                    machines.forEach(m -> resolution.machine("name:" + name, m));
                }
            }
            resolution.drain();
        }
        // resource ids
        for (List<String> ids : chunks(byKind.getOrDefault(WakeJobItem.Kind.RESOURCE_ID, List.of()))) {
            Map<String, Found> byResourceId = machinesByResourceId(ids);
            for (String id : ids) {
                Found machine = byResourceId.get(id);
                if (machine == null) {
                    resolution.skip("resourceId:" + id, "no machine with resource id '" + id + "' in the inventory");
                } else {
                    resolution.machine("resourceId:" + id, machine);
                }
            }
            resolution.drain();
        }
        // collections, by their members' resource ids
        for (String name : collectionNames) {
            List<String> members = collections.get(name);
            if (members == null) {
                resolution.skip("collection:" + name, "no collection named '" + name + "'");
                continue;
            }
            if (members.isEmpty()) {
                resolution.skip("collection:" + name, "the collection has no members");
            }
            for (List<String> chunk : chunks(members)) {
                Map<String, Found> machines = machinesByResourceId(chunk);
                for (String member : chunk) {
                    Found machine = machines.get(member);
                    if (machine == null) {
                        resolution.skip("collection:" + name, "member '" + member + "' of the collection is not in the inventory");
                    } else {
                        resolution.machine("collection:" + name, machine);
                    }
                }
                resolution.drain();
            }
        }
        // MACs: the machine that has the NIC tells its subnet; only that NIC is woken
        List<MacAddress> allMacs = byKind.getOrDefault(WakeJobItem.Kind.MAC, List.of()).stream().map(MacAddress::parse).toList();
        for (List<MacAddress> macs : chunks(allMacs)) {
            List<String> owners = readOnly(em.createQuery("select distinct m.resourceId from Machine m join m.nics n where n.mac in :macs", String.class))
                    .setParameter("macs", macs).getResultList();
            Map<MacAddress, Found> byMac = new HashMap<>();
            machinesByResourceId(owners).values().forEach(m -> m.nics().forEach(n -> byMac.put(n.mac(), m)));
            for (MacAddress mac : macs) {
                Found machine = byMac.get(mac);
                if (machine == null) {
                    resolution.skip("mac:" + mac, "MAC " + mac + " is not in the inventory, so its subnet is unknown");
                    continue;
                }
                Nic nic = machine.nics().stream().filter(n -> n.mac().equals(mac)).findFirst().orElseThrow();
                resolution.nic("mac:" + mac, machine, nic);
            }
            resolution.drain();
        }
    }

    /**
     * Inventory reads of the resolution: read-only entities (no snapshots, never dirty-checked) and no automatic
     * flush before the query (nothing written in this transaction changes what it reads).
     */
    private static <T> TypedQuery<T> readOnly(TypedQuery<T> query) {
        return query.setFlushMode(FlushModeType.COMMIT).setHint(HINT_READ_ONLY, true);
    }

    private Map<String, Found> machinesByResourceId(List<String> ids) {
        Map<String, Found> machines = new HashMap<>();
        for (List<String> chunk : chunks(ids.stream().distinct().toList())) {
            found("m.resourceId in :ids", "ids", chunk).forEach(m -> machines.put(m.resourceId(), m));
        }
        return machines;
    }

    /** A machine as the resolution reads it: its resource id, name and NICs (in their order), not an entity. */
    private record Found(String resourceId, String name, List<Nic> nics) {
    }

    /**
     * The machines {@code condition} selects, with their NICs, as {@link Found} projections in id order: one row per
     * NIC (a machine without NICs has one row with none), no entities (nothing to manage, snapshot or clear).
     */
    private List<Found> found(String condition, String parameter, List<String> values) {
        Map<Long, Found> byId = new LinkedHashMap<>();
        for (Object[] row : readOnly(em.createQuery("select m.id, m.resourceId, m.name, n.mac, n.ip, n.subnet, n.ipv6 from Machine m left join m.nics n where "
                + condition + " order by m.id, index(n)", Object[].class)).setParameter(parameter, values).getResultList()) {
            Found machine = byId.computeIfAbsent((Long) row[0], id -> new Found((String) row[1], (String) row[2], new ArrayList<>()));
            if (row[3] != null) {
                machine.nics().add(new Nic((MacAddress) row[3], (Ipv4Address) row[4], (Cidr) row[5], (org.reveille.net.Ipv6Address) row[6]));
            }
        }
        return List.copyOf(byId.values());
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }
}
