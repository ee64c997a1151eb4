package org.reveille.infrastructure.messaging.jms;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.reveille.application.AlternateRecruiter;
import org.reveille.application.SubnetService;
import org.reveille.application.WakeLedger;
import org.reveille.application.port.WakeTargets.Claimed;
import org.reveille.application.WakeDispatchPlanner;
import org.reveille.application.WakeThrottle;
import org.reveille.domain.model.settings.Settings;
import org.reveille.application.port.AgentGateway;
import org.reveille.application.ConcurrentWrites;
import org.reveille.infrastructure.messaging.jms.WakeDispatchQueue.Batch;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.WakeTarget;
import org.reveille.wol.SecureOnPassword;

/**
 * The dispatcher (design flow 1): takes one per-subnet batch from the wake-job queue and hands it to the subnet's
 * Primary agent over TCP, falling back to the Alternate; the agent broadcasts the magic packets and reports each
 * target in a WAKE RESULT (recorded by the agent listener). Throttled by {@link WakeThrottle}.
 * <ul>
 * <li>No Primary and no Alternate: the batch waits (re-queued every second) for the on-demand discovery, up to
 * {@code wakeDiscoveryWaitSeconds} after it was first queued, then its targets fail "no agent on subnet".</li>
 * <li>Neither agent reachable: the attempt is recorded, the subnet queued for rediscovery, and the delivery rolled
 * back so that the broker redelivers it with its delay (maybe to newly found agents); after the configured attempts
 * the targets fail with the reason and the batch goes to the dead-letter queue with it.</li>
 * </ul>
 * At least once towards agents, which de-duplicate by job and MAC.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = Destinations.WAKE_JOBS),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "16")
})
public class WakeDispatcher implements MessageListener {

    private static final Duration DISCOVERY_RECHECK = Duration.ofSeconds(1);

    @Resource
    private MessageDrivenContext context;

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
    private WakeDispatchQueue queue;

    @Inject
    private JMSContext jms;

    @Resource(lookup = Destinations.WAKE_JOBS_DLQ)
    private Queue deadLetterQueue;

    static int maxDeliveryAttempts() {
        String configured = System.getProperty("reveille.jms.wake-jobs.max-delivery-attempts",
                System.getenv().getOrDefault("REVEILLE_JMS_WAKE_JOBS_MAX_DELIVERY_ATTEMPTS", "5"));
        try {
            return Math.max(1, Integer.parseInt(configured.trim()));
        } catch (NumberFormatException e) {
            return 5;
        }
    }

    @Override
    public void onMessage(Message message) {
        Batch batch;
        int delivery;
        try {
            batch = Batch.of(message);
            delivery = message.propertyExists("JMSXDeliveryCount") ? message.getIntProperty("JMSXDeliveryCount") : 1;
        } catch (JMSException | RuntimeException e) {
            deadLetter(message, 0, "?", "not a wake batch: " + e);
            return;
        }
        WakeDispatchPlanner.Plan plan = planner.plan(batch.jobId(), batch.subnetId());   // outside the JMS transaction
        Settings settings = plan.settings();
        if (plan.subnet() == null || !plan.jobExists()) {
            fail(batch, plan.subnet() == null ? "?" : plan.subnet().toString(),
                    plan.subnet() == null ? "the subnet was removed from the agent list before its targets were sent" : "the job is gone");
            return;
        }
        String cidr = plan.subnet().toString();
        List<Ipv4Address> agents = plan.agents();
        if (agents.isEmpty()) {
            Instant giveUp = batch.firstQueuedAt().plus(settings.wakeDiscoveryWait());
            if (clock.instant().isBefore(giveUp)) {
                queue.requeue(batch, DISCOVERY_RECHECK);   // discovery runs on demand; wait for it
            } else {
                fail(batch, cidr, "no agent on subnet " + cidr + ": discovery found no Primary or Alternate within "
                        + settings.wakeDiscoveryWait().toSeconds() + " s");
            }
            return;
        }
        SecureOnPassword password = plan.secureOnPassword() == null ? null : SecureOnPassword.parse(plan.secureOnPassword());
        int chunkSize = WakeThrottle.chunkSize(settings, WakeBatch.MAX_TARGETS);
        List<Long> ids = batch.targetIds();
        Claimed firstWoken = null;
        for (int from = 0; from < ids.size(); from += chunkSize) {
            List<Long> chunkIds = ids.subList(from, Math.min(ids.size(), from + chunkSize));
            Duration wait = throttle.reserve(batch.subnetId(), chunkIds.size(), settings);
            sleep(wait);
            List<Claimed> claimed = ledger.claim(chunkIds, delivery > 1);
            if (claimed.isEmpty()) {
                continue;   // cancelled, or sent by an earlier delivery of this batch
            }
            WakeBatch wake = new WakeBatch(WakeLedger.keyOf(batch.jobId(), batch.round()), settings.magicPacketPort(), 0,
                    claimed.stream().map(c -> new WakeTarget(c.mac(), password, c.ip())).toList());
            StringBuilder error = new StringBuilder();
            Ipv4Address took = deliver(agents, wake, batch.jobId(), cidr, settings, error);
            if (took != null) {
                // its own transaction, run again if it lost a race with the agent's WAKE RESULT for the same targets
                ConcurrentWrites.retrying("Wake job " + batch.jobId() + " delivery record",
                        () -> ledger.deliveredBy(claimed.stream().map(Claimed::id).toList(), took));
            } else {
                List<Long> remaining = new ArrayList<>(claimed.stream().map(Claimed::id).toList());
                remaining.addAll(ids.subList(Math.min(ids.size(), from + chunkSize), ids.size()));
                unreachable(message, batch, delivery, cidr, remaining, error.toString());
                return;
            }
            if (firstWoken == null) {
                firstWoken = claimed.stream().filter(c -> c.ip() != null).findFirst().orElse(null);
            }
        }
        if (plan.alternate().isEmpty() && plan.primary().isPresent() && firstWoken != null) {
            recruiter.recruit(batch.subnetId(), plan.subnet(), firstWoken.ip(), firstWoken.machineName());   // flow 3
        }
    }

    /** Primary first, then the Alternate: the agent that took the batch, or null with why neither did in {@code errors}. */
    private Ipv4Address deliver(List<Ipv4Address> agents, WakeBatch wake, long jobId, String cidr,
                                Settings settings, StringBuilder errors) {
        for (int i = 0; i < agents.size(); i++) {
            Ipv4Address agent = agents.get(i);
            try {
                gateway.wake(agent, settings.agentPort(), wake);
                return agent;
            } catch (IOException | RuntimeException e) {
                String role = i == 0 && agents.size() == 2 ? "primary" : agents.size() == 1 ? "only" : "alternate";
                ReveilleLogger.LOG.wakeAgentUnreachable(jobId, role, agent.toString(), cidr, String.valueOf(e.getMessage()));
                errors.append(errors.length() == 0 ? "" : "; ").append(agent).append(": ").append(e.getMessage());
            }
        }
        return null;
    }

    private void unreachable(Message message, Batch batch, int delivery, String cidr, List<Long> remaining, String error) {
        String reason = "no agent of subnet " + cidr + " could be reached (" + error + ")";
        if (delivery == 1) {
            subnets.rescanSeparately(batch.subnetId());   // recruit reachable agents while the broker waits to redeliver
        }
        int attempts = maxDeliveryAttempts();
        if (delivery < attempts) {
            ledger.release(remaining, reason + "; attempt " + delivery + " of " + attempts);
            context.setRollbackOnly();   // the broker redelivers after its delay
            return;
        }
        ledger.release(remaining, reason);
        fail(new Batch(batch.jobId(), batch.subnetId(), batch.round(), batch.firstQueuedAt(), remaining), cidr,
                reason + " after " + attempts + " attempts");
        deadLetter(message, batch.jobId(), cidr, reason + " after " + attempts + " attempts");
    }

    private void fail(Batch batch, String cidr, String reason) {
        int failed = ledger.fail(batch.targetIds(), reason);
        if (failed > 0) {
            ReveilleLogger.LOG.wakeTargetsFailed(batch.jobId(), failed, cidr, reason);
        }
    }

    private void deadLetter(Message message, long jobId, String cidr, String reason) {
        String errorId = UUID.randomUUID().toString();
        String body = "";
        String originalId = "unknown";
        try {
            body = message instanceof jakarta.jms.TextMessage text && text.getText() != null ? text.getText() : "";
            originalId = message.getJMSMessageID();
        } catch (JMSException ignored) {
            // the reason is kept even when the body cannot be read
        }
        var producer = jms.createProducer()
                .setProperty(Destinations.PROPERTY_REASON, reason)
                .setProperty(Destinations.PROPERTY_ERROR_ID, errorId)
                .setProperty(Destinations.PROPERTY_ORIGINAL_MESSAGE_ID, originalId);
        try {
            for (String name : List.of(WakeDispatchQueue.JOB_ID, WakeDispatchQueue.SUBNET_ID, WakeDispatchQueue.ROUND, WakeDispatchQueue.FIRST_QUEUED_AT)) {
                if (message.propertyExists(name)) {
                    producer.setProperty(name, message.getObjectProperty(name));
                }
            }
        } catch (JMSException ignored) {
            // best effort: the body still names the targets
        }
        producer.send(deadLetterQueue, body);
        ReveilleLogger.LOG.wakeBatchDeadLettered(jobId, cidr, "ReveilleWakeJobsDLQ", errorId, reason);
    }

    private static void sleep(Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        try {
            Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
