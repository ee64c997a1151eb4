package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.reveille.application.port.AgentGateway;
import org.reveille.application.port.DirectBroadcast;
import org.reveille.application.port.WakeDispatches;
import org.reveille.application.port.WakeDispatches.Batch;
import org.reveille.application.port.WakeTargets.Claimed;
import org.reveille.domain.model.settings.Settings;
import org.reveille.domain.model.subnet.ServerDirect;
import org.reveille.domain.model.wake.WakePaths;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.BatchTarget;
import org.reveille.wol.MagicPacket;
import org.reveille.wol.SecureOnPassword;

/**
 * Dispatches one per-subnet batch of a wake job (docs/architecture.md#flow-wake): hands it to the subnet's
 * Primary agent, falling back to the Alternate; the agent broadcasts the magic packets and reports each target in a
 * WAKE RESULT (recorded by the agent listener). Runs in the transaction of the batch's delivery, which holds only the
 * broker's acknowledgement of the batch and so commits in one phase: what it queues again leaves at once
 * ({@link WakeDispatches#requeue}), and the targets' state changes are committed on their own ({@link WakeLedger}).
 * Returns what the delivery must do; it never waits:
 * <ul>
 * <li>Throttled ({@link WakeThrottle}): the targets not yet sent are queued again for the time their slot frees up.</li>
 * <li>No Primary and no Alternate: the batch waits (queued again every second) for the on-demand discovery, up to
 * {@code wakeDiscoveryWaitSeconds} after it was first queued, then its targets fail "no agent on subnet".</li>
 * <li>Neither agent reachable: the attempt is recorded, the subnet queued for rediscovery, and the delivery is to roll
 * back so that the broker redelivers it with its delay (maybe to newly found agents); at the broker's last attempt
 * the targets fail with the reason and the batch is to go to the dead-letter queue with it.</li>
 * <li>Server-direct (the subnet's policy, docs/network.md): with {@code when-no-agent}, a subnet without Primary and
 * Alternate, or whose agents could not be reached, has its packets sent by this server itself as directed broadcasts
 * (at once: no wait for a discovery), the targets SENT without an agent and with a reason that says so; with
 * {@code always-also} the server sends each chunk's packets before the agent is asked, and both paths are recorded.
 * The throttle's slots pace these packets as they pace the agents'.</li>
 * <li>In a cluster whose server-direct packets go from one node ({@link WakeDispatches#serverDirectFromOneNode}, docs/cluster.md
 * "Server-direct from one node"), a node that is not that node sends none itself: a batch that needs them (no agent,
 * or always-also), or the rest of one whose agents could not be reached, is handed to that node, which dispatches it
 * in full.</li>
 * </ul>
 * At least once towards agents, which de-duplicate by job and MAC.
 */
@Stateless
public class WakeDispatch {

    /** What the delivery of the batch must do. */
    public sealed interface Outcome {
        /** Commit: the batch is done, or queued again. */
        record Done() implements Outcome {
        }

        /** Roll back, for the broker to redeliver the batch after its delay. */
        record Redeliver(String reason) implements Outcome {
        }

        /** Commit, and put the batch on the dead-letter queue with the reason. */
        record DeadLetter(String subnet, String reason) implements Outcome {
        }
    }

    private static final Outcome DONE = new Outcome.Done();
    private static final Duration DISCOVERY_RECHECK = Duration.ofSeconds(1);
    /** A slot this close is taken at once: the limits are per second, and a scheduled message costs more. */
    private static final Duration THROTTLE_TOLERANCE = Duration.ofMillis(1);

    @Inject
    private Clock clock;

    @Inject
    private WakeDispatchPlanner planner;

    @Inject
    private SubnetService subnets;

    @Inject
    private WakeLedger ledger;

    @Inject
    private WakeThrottle throttle;

    @Inject
    private AgentGateway gateway;

    @Inject
    private DirectBroadcast broadcast;

    @Inject
    private AlternateRecruiter recruiter;

    @Inject
    private WakeDispatches queue;

    /** Dispatches the batch on its {@code delivery}-th delivery (1 for the first), on a node that is not the cluster's server-direct node. */
    public Outcome dispatch(Batch batch, int delivery) {
        return dispatch(batch, delivery, false);
    }

    /**
     * Dispatches the batch on its {@code delivery}-th delivery (1 for the first); {@code onServerDirectNode}: this is
     * the node the cluster chose to send the server's own packets (always true in effect on a single server).
     */
    public Outcome dispatch(Batch batch, int delivery, boolean onServerDirectNode) {
        WakeDispatchPlanner.Plan plan = planner.plan(batch.jobId(), batch.subnetId());   // outside the delivery's transaction
        Settings settings = plan.settings();
        if (plan.subnet() == null || !plan.jobExists()) {
            fail(batch.jobId(), batch.targetIds(), plan.subnet() == null ? "?" : plan.subnet().toString(),
                    plan.subnet() == null ? "the subnet was removed from the agent list before its targets were sent" : "the job is gone",
                    "subnet-removed");
            return DONE;
        }
        String cidr = plan.subnet().toString();
        List<Ipv4Address> agents = plan.agents();
        boolean direct = plan.serverDirect() != ServerDirect.NEVER;
        boolean elsewhere = direct && !onServerDirectNode && queue.serverDirectFromOneNode();   // another node sends the server's packets
        boolean redelivered = delivery > 1 || batch.resumed();
        if (elsewhere && (agents.isEmpty() || plan.serverDirect() == ServerDirect.ALWAYS_ALSO)) {
            queue.toServerDirectNode(batch.rest(batch.targetIds(), redelivered, batch.reserved()));
            return DONE;
        }
        if (agents.isEmpty() && !direct) {
            Instant giveUp = batch.firstQueuedAt().plus(settings.wakeDiscoveryWait());
            if (clock.instant().isBefore(giveUp)) {
                queue.requeue(batch, DISCOVERY_RECHECK);   // discovery runs on demand; wait for it
            } else {
                fail(batch.jobId(), batch.targetIds(), cidr, "no agent on subnet " + cidr + ": discovery found no Primary or Alternate within "
                        + settings.wakeDiscoveryWait().toSeconds() + " s", "no-agent");
            }
            return DONE;
        }
        SecureOnPassword password = plan.secureOnPassword() == null ? null : SecureOnPassword.parse(plan.secureOnPassword());
        int chunkSize = WakeThrottle.chunkSize(settings, WakeBatch.MAX_TARGETS);
        List<Long> ids = batch.targetIds();
        Claimed firstWoken = null;
        for (int from = 0, size; from < ids.size(); from += size) {
            if (from == 0 && batch.reserved() > 0) {
                size = Math.min(batch.reserved(), ids.size());   // its slot was reserved before it was put back
            } else {
                size = Math.min(chunkSize, ids.size() - from);
                Duration slot = throttle.reserve(batch.subnetId(), size, settings);
                if (slot.compareTo(THROTTLE_TOLERANCE) >= 0) {
                    // the rest, as a new message for the time of this chunk's slot: this delivery commits what it sent
                    queue.requeue(batch.rest(List.copyOf(ids.subList(from, ids.size())), redelivered, size), slot);
                    break;
                }
            }
            List<Long> chunkIds = ids.subList(from, from + size);
            if (agents.isEmpty()) {
                // docs/network.md, "Server-direct broadcast": no Primary or Alternate, and the policy lets the server send
                Direct sent = sendDirect(batch.jobId(), chunkIds, redelivered, plan, password);
                if (!recordDirect(batch, sent, redelivered, cidr, "no agent on subnet " + cidr)) {
                    fail(batch.jobId(), sent.ids(), cidr, "no agent on subnet " + cidr + ", and this server could not send the packets itself: "
                            + sent.paths().text(), "no-agent");
                }
                continue;
            }
            Direct also = plan.serverDirect() == ServerDirect.ALWAYS_ALSO ? sendDirect(batch.jobId(), chunkIds, redelivered, plan, password) : null;
            String key = WakeLedger.keyOf(batch.jobId(), batch.round());
            WakeLedger.Handed handed = handOver(chunkIds, redelivered, plan, also == null ? null : also.paths(), batch.jobId(), batch.firstQueuedAt(),
                    (paths, locked) -> new WakeBatch(key, settings.magicPacketPort(), 0,
                            locked.stream().map(c -> new BatchTarget(c.mac(), password, c.ip())).toList(), paths.pairedSentToAgent(),
                            paths.linkAskedOfAgent()),
                    settings.agentPort());
            if (handed.targets().isEmpty()) {
                continue;   // cancelled, or sent by an earlier delivery of this batch
            }
            if (handed.handover().agent() == null) {
                List<Long> offered = handed.targets().stream().map(Claimed::id).toList();
                List<Long> remaining = new ArrayList<>(offered);   // these and the batch's later chunks
                remaining.addAll(ids.subList(from + size, ids.size()));
                if (elsewhere) {
                    // the agents are all off or unreachable: the cluster's server-direct node takes the rest, agents and all
                    if (delivery == 1 && from == 0) {
                        subnets.rescanSeparately(batch.subnetId());
                    }
                    queue.toServerDirectNode(batch.rest(remaining, true, 0));
                    return DONE;
                }
                if (direct) {
                    // the agents are all off or unreachable: the server's own packets (sent already, or now) take them
                    Direct server = also != null && also.paths() != null ? new Direct(handed.targets(), also.paths())
                            : sendDirect(batch.jobId(), offered, redelivered, plan, password);
                    if (recordDirect(batch, server, redelivered, cidr, "no agent of subnet " + cidr + " could be reached ("
                            + handed.handover().error() + ")")) {
                        if (delivery == 1 && from == 0) {
                            subnets.rescanSeparately(batch.subnetId());   // recruit reachable agents for the next wakes
                        }
                        continue;
                    }
                }
                return unreachable(batch, delivery, cidr, remaining, handed.handover().error());
            }
            if (firstWoken == null) {
                firstWoken = handed.targets().stream().filter(c -> c.ip() != null).findFirst().orElse(null);
            }
        }
        if (plan.alternate().isEmpty() && plan.primary().isPresent() && firstWoken != null) {
            // docs/architecture.md#flow-recruiting-an-alternate
            recruiter.recruit(batch.subnetId(), plan.subnet(), firstWoken.ip(), firstWoken.machineName());
        }
        return DONE;
    }

    /**
     * Primary first, then the Alternate: the agent that took the chunk, or why neither did. Each agent is offered the
     * chunk in a transaction of its own ({@link WakeLedger#handOver}), with the paths it can take (the paired
     * broadcasts only for an agent that reads them, {@link WakeDispatchPlanner.Plan#pathsVia}): run again if it lost a
     * race (a deadlock, a lock timeout) before the agent took it, or its commit failed after (the agent de-duplicates
     * the second batch by job and MAC); rolled back when the agent refused. {@code serverPaths}: the server's own
     * packets for the chunk (policy always-also), recorded with the agent's.
     */
    private WakeLedger.Handed handOver(List<Long> ids, boolean redelivered, WakeDispatchPlanner.Plan plan, WakePaths serverPaths, long jobId,
                                       Instant due, BiFunction<WakePaths, List<Claimed>, WakeBatch> batchOf, int agentPort) {
        StringBuilder errors = new StringBuilder();
        List<Claimed> offered = List.of();
        List<Ipv4Address> agents = plan.agents();
        String cidr = plan.subnet().toString();
        for (int i = 0; i < agents.size(); i++) {
            Ipv4Address agent = agents.get(i);
            String role = i == 0 && agents.size() == 2 ? "primary" : agents.size() == 1 ? "only" : "alternate";
            WakePaths paths = serverPaths == null ? plan.pathsVia(agent) : plan.pathsVia(agent).plus(serverPaths);
            try {
                return ConcurrentWrites.retrying("Wake job " + jobId + " hand-over",
                        () -> ledger.handOver(ids, redelivered, agent, paths, due, locked -> exchange(agent, agentPort, batchOf.apply(paths, locked))));
            } catch (WakeLedger.NotTaken refused) {
                ReveilleLogger.LOG.wakeAgentUnreachable(jobId, role, agent.toString(), cidr, refused.getMessage());
                errors.append(errors.length() == 0 ? "" : "; ").append(agent).append(": ").append(refused.getMessage());
                offered = refused.targets();
            }
        }
        return new WakeLedger.Handed(offered, new WakeLedger.Handover(null, errors.toString()));
    }

    /** The server's own packets for a chunk: the targets still queued it sent them for, and their paths (null for none). */
    private record Direct(List<Claimed> targets, WakePaths paths) {
        List<Long> ids() {
            return targets.stream().map(Claimed::id).toList();
        }
    }

    /**
     * Sends the packets of those of the ids still queued from this server, to the subnet's directed broadcast and each
     * paired one (docs/network.md, "Server-direct broadcast"), before any write: the paths then record what went.
     */
    private Direct sendDirect(long jobId, List<Long> ids, boolean redelivered, WakeDispatchPlanner.Plan plan, SecureOnPassword password) {
        List<Claimed> queued = ledger.stillQueued(ids, redelivered);
        if (queued.isEmpty()) {
            return new Direct(queued, null);
        }
        List<Ipv4Address> to = new ArrayList<>(1 + plan.pairedBroadcasts().size());
        to.add(plan.subnet().broadcastAddress());
        to.addAll(plan.pairedBroadcasts());
        Map<Ipv4Address, String> failed = broadcast.send(to, plan.settings().magicPacketPort(),
                queued.stream().map(c -> MagicPacket.of(c.mac(), password)).toList());
        failed.forEach((address, error) -> ReveilleLogger.LOG.wakeDirectFailed(jobId, address.toString(), plan.subnet().toString(), error));
        return new Direct(queued, WakePaths.direct(plan.subnet(), plan.pairedBroadcasts(), failed));
    }

    /**
     * Records the targets the server's own packets took as SENT (no agent; the reason says the server sent them, and
     * why). False when none of its paths took them, for the caller to fail or retry them.
     */
    private boolean recordDirect(Batch batch, Direct sent, boolean redelivered, String cidr, String why) {
        if (sent.paths() == null) {
            return true;   // nothing still queued: cancelled, or sent by an earlier delivery
        }
        if (!sent.paths().anySent()) {
            return false;
        }
        String reason = "sent by server " + ServerNode.name() + " itself (directed broadcast): " + why;
        WakeLedger.Handed handed = ConcurrentWrites.retrying("Wake job " + batch.jobId() + " server-direct hand-over",
                () -> ledger.handOver(sent.ids(), redelivered, null, sent.paths(), reason, batch.firstQueuedAt(), locked -> null));
        if (!handed.targets().isEmpty()) {
            ReveilleLogger.LOG.wakeSentDirect(batch.jobId(), handed.targets().size(), cidr, why);
        }
        return true;
    }

    /** The WAKE BATCH to one agent: null when it took it, or why not. */
    private String exchange(Ipv4Address agent, int agentPort, WakeBatch wake) {
        try {
            gateway.wake(agent, agentPort, wake);
            return null;
        } catch (IOException | RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }

    private Outcome unreachable(Batch batch, int delivery, String cidr, List<Long> remaining, String error) {
        String reason = "no agent of subnet " + cidr + " could be reached (" + error + ")";
        if (delivery == 1) {
            subnets.rescanSeparately(batch.subnetId());   // recruit reachable agents while the broker waits to redeliver
        }
        int attempts = queue.maxDeliveryAttempts();
        if (delivery < attempts) {
            ledger.release(remaining, reason + "; attempt " + delivery + " of " + attempts);
            return new Outcome.Redeliver(reason);
        }
        ledger.release(remaining, reason);
        fail(batch.jobId(), remaining, cidr, reason + " after " + attempts + " attempts", "agent-unreachable");
        return new Outcome.DeadLetter(cidr, reason + " after " + attempts + " attempts");
    }

    private void fail(long jobId, List<Long> targetIds, String cidr, String reason, String category) {
        int failed = ledger.fail(targetIds, reason, category);
        if (failed > 0) {
            ReveilleLogger.LOG.wakeTargetsFailed(jobId, failed, cidr, reason);
        }
    }
}
