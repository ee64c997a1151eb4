package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reveille.domain.model.ConflictException;
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
import org.reveille.domain.model.wake.WakeTarget;
import org.reveille.infrastructure.messaging.jms.WakeDispatchQueue;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Cidr;
import org.reveille.net.MacAddress;

/**
 * "Wake these machines" (design flow 1), in one transaction: the job is recorded, what it names is resolved to
 * every NIC (names and collections to resource ids, resource ids to machines, MACs to the machine that has them),
 * targets outside the boundaries or unknown are recorded as skipped with why, each subnet without Primary and
 * Alternate gets its agent-list entry and an on-demand discovery, and the targets go to the wake-job queue in
 * per-subnet batches. The queue messages are part of the transaction: nothing is dispatched that was not recorded.
 */
@Stateless
public class WakeService {

    private static final int CHUNK = 1000;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Clock clock;

    @Inject
    private BoundaryService boundaries;

    @Inject
    private AgentList agentList;

    @Inject
    private SubnetService subnets;

    @Inject
    private WakeDispatchQueue queue;

    /** What a submission did, for the 202 answer. */
    public record Submitted(long jobId, int queued, int skipped, int subnets) {
    }

    public Submitted submit(WakeRequest request, WakeJob.Source source, String user) {
        Instant now = clock.instant();
        WakeJob job = new WakeJob(request, source, user, now);
        em.persist(job);
        Resolution resolution = new Resolution(job, boundaries.current(), now);
        resolve(request, resolution);
        resolution.targets.forEach(em::persist);
        em.flush();

        Map<Cidr, List<WakeTarget>> bySubnet = new LinkedHashMap<>();
        resolution.targets.stream().filter(t -> t.state() == TargetState.QUEUED)
                .forEach(t -> bySubnet.computeIfAbsent(t.subnet(), c -> new ArrayList<>()).add(t));
        Map<Cidr, Subnet> entries = entriesFor(bySubnet.keySet());
        Map<Long, Long> proxies = proxyCounts(entries.values());
        Duration delay = request.notBefore() == null ? Duration.ZERO : Duration.between(now, request.notBefore());
        for (Map.Entry<Cidr, List<WakeTarget>> group : bySubnet.entrySet()) {
            Subnet subnet = entries.get(group.getKey());
            if (proxies.getOrDefault(subnet.id(), 0L) == 0 && !discoveryUnderWay(subnet, now)) {
                subnets.rescan(subnet.id());   // on demand: its targets wait for it in the dispatcher
            }
            queue.queue(job.id(), subnet.id(), 0, now, group.getValue().stream().map(WakeTarget::id).toList(), delay);
        }
        int queued = bySubnet.values().stream().mapToInt(List::size).sum();
        int skipped = resolution.targets.size() - queued;
        job.running(now);
        if (queued == 0) {
            job.finish(now);
        }
        ReveilleLogger.LOG.wakeJobQueued(job.id(), source.name().toLowerCase(), user, queued, bySubnet.size(), skipped);
        return new Submitted(job.id(), queued, skipped, bySubnet.size());
    }

    /** Cancels what has not been handed to an agent yet; 409 when the job is already finished. */
    public void cancel(long jobId, String user) {
        WakeJob job = em.find(WakeJob.class, jobId);
        if (job == null) {
            throw new NotFoundException("No wake job " + jobId);
        }
        if (job.isFinished()) {
            throw new ConflictException("Wake job " + jobId + " is already " + job.state().name().toLowerCase() + "; nothing to cancel");
        }
        Instant now = clock.instant();
        int cancelled = em.createQuery("update WakeTarget t set t.state = :skipped, t.reason = :reason, t.concluded = true, "
                        + "t.updatedAt = :now, t.version = t.version + 1 where t.job = :job and t.state = :queued")
                .setParameter("skipped", TargetState.SKIPPED).setParameter("reason", "cancelled by " + user)
                .setParameter("now", now).setParameter("job", job).setParameter("queued", TargetState.QUEUED).executeUpdate();
        em.createQuery("update WakeTarget t set t.concluded = true, t.reason = :reason, t.updatedAt = :now, t.version = t.version + 1 "
                        + "where t.job = :job and t.state = :sent and t.concluded = false")
                .setParameter("reason", "sent; verification cancelled by " + user).setParameter("now", now)
                .setParameter("job", job).setParameter("sent", TargetState.SENT).executeUpdate();
        job.cancel(user, now);
        ReveilleLogger.LOG.wakeJobCancelled(jobId, user, cancelled);
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

    private final class Resolution {
        final WakeJob job;
        final BoundarySet boundarySet;
        final Instant now;
        final List<WakeTarget> targets = new ArrayList<>();
        final Set<MacAddress> macs = new HashSet<>();

        Resolution(WakeJob job, BoundarySet boundarySet, Instant now) {
            this.job = job;
            this.boundarySet = boundarySet;
            this.now = now;
        }

        void skip(String requestedAs, String why) {
            targets.add(WakeTarget.skipped(job, requestedAs, null, null, null, null, null, why, now));
        }

        /** Every NIC of the machine, once per job. */
        void machine(String requestedAs, Machine machine) {
            if (machine.nics().isEmpty()) {
                targets.add(WakeTarget.skipped(job, requestedAs, machine.resourceId(), machine.name(), null, null, null,
                        "the inventory has no NIC for this machine", now));
            }
            machine.nics().forEach(nic -> nic(requestedAs, machine, nic));
        }

        /** One NIC of a machine, once per job. */
        void nic(String requestedAs, Machine machine, Nic nic) {
            if (macs.add(nic.mac())) {
                String why = null;
                if (nic.subnet() == null) {
                    why = "no subnet known for this NIC in the inventory";
                } else if (!inBoundaries(nic)) {
                    why = boundarySet.isEmpty() ? "outside the boundaries of this server (no boundaries are defined)"
                            : "outside the boundaries of this server";
                }
                targets.add(why == null
                        ? new WakeTarget(job, requestedAs, machine.resourceId(), machine.name(), nic.mac(), nic.ip(), nic.subnet(), now)
                        : WakeTarget.skipped(job, requestedAs, machine.resourceId(), machine.name(), nic.mac(), nic.ip(), nic.subnet(), why, now));
            }
        }

        private boolean inBoundaries(Nic nic) {
            return nic.ip() != null ? boundarySet.contains(nic.ip()) : boundarySet.coverage(nic.subnet()) == BoundarySet.Coverage.FULL;
        }
    }

    private void resolve(WakeRequest request, Resolution resolution) {
        Map<WakeJobItem.Kind, List<String>> byKind = new LinkedHashMap<>();
        for (WakeJobItem item : request.items()) {
            byKind.computeIfAbsent(item.kind(), k -> new ArrayList<>()).add(item.item());
        }
        // names (case-insensitive; a name may belong to several machines: all are woken)
        List<String> names = byKind.getOrDefault(WakeJobItem.Kind.NAME, List.of());
        Map<String, List<Machine>> byName = new HashMap<>();
        for (List<String> chunk : chunks(names.stream().map(Machine::nameKeyOf).distinct().toList())) {
            em.createQuery("select distinct m from Machine m left join fetch m.nics where m.nameKey in :keys order by m.id", Machine.class)
                    .setParameter("keys", chunk).getResultStream()
                    .forEach(m -> byName.computeIfAbsent(Machine.nameKeyOf(m.name()), k -> new ArrayList<>()).add(m));
        }
        for (String name : names) {
            List<Machine> machines = byName.get(Machine.nameKeyOf(name));
            if (machines == null) {
                resolution.skip("name:" + name, "no machine named '" + name + "' in the inventory");
            } else {
                machines.forEach(m -> resolution.machine("name:" + name, m));
            }
        }
        // resource ids
        List<String> resourceIds = byKind.getOrDefault(WakeJobItem.Kind.RESOURCE_ID, List.of());
        Map<String, Machine> byResourceId = machinesByResourceId(resourceIds);
        for (String id : resourceIds) {
            Machine machine = byResourceId.get(id);
            if (machine == null) {
                resolution.skip("resourceId:" + id, "no machine with resource id '" + id + "' in the inventory");
            } else {
                resolution.machine("resourceId:" + id, machine);
            }
        }
        // collections, by their members' resource ids
        List<String> collectionNames = byKind.getOrDefault(WakeJobItem.Kind.COLLECTION, List.of());
        Map<String, MachineCollection> collections = new HashMap<>();
        for (List<String> chunk : chunks(collectionNames)) {
            em.createQuery("select c from MachineCollection c where c.name in :names", MachineCollection.class)
                    .setParameter("names", chunk).getResultStream().forEach(c -> collections.put(c.name(), c));
        }
        for (String name : collectionNames) {
            MachineCollection collection = collections.get(name);
            if (collection == null) {
                resolution.skip("collection:" + name, "no collection named '" + name + "'");
                continue;
            }
            List<String> members = collection.members().stream().sorted().toList();
            if (members.isEmpty()) {
                resolution.skip("collection:" + name, "the collection has no members");
            }
            Map<String, Machine> machines = machinesByResourceId(members);
            for (String member : members) {
                Machine machine = machines.get(member);
                if (machine == null) {
                    resolution.skip("collection:" + name, "member '" + member + "' of the collection is not in the inventory");
                } else {
                    resolution.machine("collection:" + name, machine);
                }
            }
        }
        // MACs: the machine that has the NIC tells its subnet; only that NIC is woken
        List<String> macTexts = byKind.getOrDefault(WakeJobItem.Kind.MAC, List.of());
        Map<MacAddress, Machine> byMac = new HashMap<>();
        List<MacAddress> macs = macTexts.stream().map(MacAddress::parse).toList();
        List<String> owners = new ArrayList<>();
        for (List<MacAddress> chunk : chunks(macs)) {
            owners.addAll(em.createQuery("select distinct m.resourceId from Machine m join m.nics n where n.mac in :macs", String.class)
                    .setParameter("macs", chunk).getResultList());
        }
        machinesByResourceId(owners).values().forEach(m -> m.nics().forEach(n -> byMac.put(n.mac(), m)));
        for (MacAddress mac : macs) {
            Machine machine = byMac.get(mac);
            if (machine == null) {
                resolution.skip("mac:" + mac, "MAC " + mac + " is not in the inventory, so its subnet is unknown");
                continue;
            }
            Nic nic = machine.nics().stream().filter(n -> n.mac().equals(mac)).findFirst().orElseThrow();
            resolution.nic("mac:" + mac, machine, nic);
        }
    }

    private Map<String, Machine> machinesByResourceId(List<String> ids) {
        Map<String, Machine> machines = new HashMap<>();
        for (List<String> chunk : chunks(ids.stream().distinct().toList())) {
            em.createNamedQuery("Machine.byResourceIds", Machine.class).setParameter("ids", chunk)
                    .getResultStream().forEach(m -> machines.put(m.resourceId(), m));
        }
        return machines;
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }
}
