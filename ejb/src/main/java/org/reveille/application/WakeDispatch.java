package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.reveille.application.port.AgentGateway;
import org.reveille.application.port.WakeDispatches;
import org.reveille.application.port.WakeDispatches.Batch;
import org.reveille.application.port.WakeTargets.Claimed;
import org.reveille.domain.model.settings.Settings;
import org.reveille.domain.model.wake.WakePaths;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.BatchTarget;
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
    private AlternateRecruiter recruiter;

    @Inject
    private WakeDispatches queue;

    /** Dispatches the batch on its {@code delivery}-th delivery (1 for the first). */
    public Outcome dispatch(Batch batch, int delivery) {
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
        if (agents.isEmpty()) {
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
        boolean redelivered = delivery > 1 || batch.resumed();
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
            String key = WakeLedger.keyOf(batch.jobId(), batch.round());
            WakeLedger.Handed handed = handOver(chunkIds, redelivered, plan, batch.jobId(), batch.firstQueuedAt(), (paths, locked) -> new WakeBatch(key,
                    settings.magicPacketPort(), 0, locked.stream().map(c -> new BatchTarget(c.mac(), password, c.ip())).toList(),
                    paths.pairedSentToAgent()), settings.agentPort());
            if (handed.targets().isEmpty()) {
                continue;   // cancelled, or sent by an earlier delivery of this batch
            }
            if (handed.handover().agent() == null) {
                List<Long> remaining = new ArrayList<>(handed.targets().stream().map(Claimed::id).toList());
                remaining.addAll(ids.subList(from + size, ids.size()));
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
     * the second batch by job and MAC); rolled back when the agent refused.
     */
    private WakeLedger.Handed handOver(List<Long> ids, boolean redelivered, WakeDispatchPlanner.Plan plan, long jobId, Instant due,
                                       BiFunction<WakePaths, List<Claimed>, WakeBatch> batchOf, int agentPort) {
        StringBuilder errors = new StringBuilder();
        List<Claimed> offered = List.of();
        List<Ipv4Address> agents = plan.agents();
        String cidr = plan.subnet().toString();
        for (int i = 0; i < agents.size(); i++) {
            Ipv4Address agent = agents.get(i);
            String role = i == 0 && agents.size() == 2 ? "primary" : agents.size() == 1 ? "only" : "alternate";
            WakePaths paths = plan.pathsVia(agent);
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
