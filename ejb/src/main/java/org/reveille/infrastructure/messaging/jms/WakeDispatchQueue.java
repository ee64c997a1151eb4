package org.reveille.infrastructure.messaging.jms;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.transaction.Transactional;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.ObjectName;
import org.reveille.application.port.WakeDispatches;
import org.reveille.logging.ReveilleLogger;

/**
 * The per-subnet wake-job queue: one message is one batch of targets of one job on one subnet (at most
 * {@link #MAX_TARGETS}), for the dispatcher. A new batch is sent in the caller's transaction, so it exists only once
 * its targets are committed; the dispatcher's re-queued rest of a batch is sent at once ({@link #requeue}). In a
 * cluster, a batch for the server-direct node goes, in the same form, to ReveilleServerDirect ({@link #toServerDirectNode}).
 */
@ApplicationScoped
public class WakeDispatchQueue implements WakeDispatches {

    /** Same as the protocol's largest WAKE BATCH. */
    public static final int MAX_TARGETS = 2048;

    public static final String JOB_ID = "jobId";
    public static final String SUBNET_ID = "subnetId";
    public static final String ROUND = "round";
    public static final String FIRST_QUEUED_AT = "firstQueuedAt";
    /** Only on the rest of a batch put back by the dispatcher (see {@link Batch}). */
    static final String RESUMED = "resumed";
    static final String RESERVED = "reserved";

    /**
     * The wake-jobs address setting of the messaging subsystem (artemis-config/reveille-messaging.cli), as the server's
     * management model exposes it with its expressions resolved: the one place max-delivery-attempts is configured.
     */
    static final String ADDRESS_SETTING = "jboss.as:subsystem=messaging-activemq,server=default,address-setting=jms.queue.ReveilleWakeJobs";
    /**
     * On a server without the embedded broker (the standalone pair, docs/cluster.md): the system property that
     * artemis-config/reveille-remote-destinations.cli sets from the same definition and environment variable the pair's
     * broker.xml was rendered from.
     */
    static final String REMOTE_ATTEMPTS_PROPERTY = "reveille.jms.wake-jobs.max-delivery-attempts";
    /**
     * Set by the cluster's configuration (wildfly-config/reveille-ha.cli): the server-direct dispatcher is then a clustered
     * singleton (META-INF/jboss-ejb3.xml reads the same property), active on the one node the cluster elects.
     */
    static final String SERVER_DIRECT_SINGLETON_PROPERTY = "reveille.server-direct.singleton";
    /** Artemis's own default, used (with REVEILLE00110) only when the server's setting cannot be read. */
    private static final int BROKER_DEFAULT_ATTEMPTS = 10;

    @Inject
    private JMSContext jms;

    @Resource(lookup = Destinations.WAKE_JOBS)
    private Queue queue;

    @Resource(lookup = Destinations.SERVER_DIRECT)
    private Queue serverDirectQueue;

    /** One batch as the dispatcher reads it back. */
    public static Batch batchOf(Message message) throws JMSException {
        String body = ((TextMessage) message).getText();
        List<Long> ids = body == null || body.isBlank() ? List.of()
                : Arrays.stream(body.split(",")).map(String::trim).map(Long::valueOf).toList();
        return new Batch(message.getLongProperty(JOB_ID), message.getLongProperty(SUBNET_ID), message.getIntProperty(ROUND),
                Instant.ofEpochMilli(message.getLongProperty(FIRST_QUEUED_AT)), ids,
                message.propertyExists(RESUMED) && message.getBooleanProperty(RESUMED),
                message.propertyExists(RESERVED) ? message.getIntProperty(RESERVED) : 0);
    }

    /** Queues the targets in batches of at most {@link #MAX_TARGETS}, delivered after {@code delay}. */
    @Override
    public void queue(long jobId, long subnetId, int round, Instant firstQueuedAt, List<Long> targetIds, Duration delay) {
        for (int from = 0; from < targetIds.size(); from += MAX_TARGETS) {
            send(queue, new Batch(jobId, subnetId, round, firstQueuedAt, targetIds.subList(from, Math.min(targetIds.size(), from + MAX_TARGETS))), delay);
        }
    }

    /**
     * Sent at once, outside the caller's transaction: the dispatcher's delivery then holds one resource, the broker's
     * acknowledgement of the batch, and commits in one phase, so a server that dies in the middle of a commit leaves
     * no transaction in doubt holding the batch on the broker (docs/reliability.md, "A node killed during a job"). At
     * least once: when the delivery rolls back after this send, its batch comes again too, and the ledger hands over
     * only the targets still queued, so the second copy sends nothing twice.
     */
    @Override
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void requeue(Batch batch, Duration delay) {
        send(queue, batch, delay);
    }

    @Override
    public boolean serverDirectFromOneNode() {
        return Boolean.parseBoolean(System.getProperty(SERVER_DIRECT_SINGLETON_PROPERTY, "false").trim());
    }

    /** Sent at once, outside the caller's transaction, for the reasons {@link #requeue} gives. */
    @Override
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void toServerDirectNode(Batch batch) {
        send(serverDirectQueue, batch, null);
    }

    /**
     * The broker's max-delivery-attempts of the wake-jobs queue: the embedded broker's, read from the server's
     * management model, or with the standalone pair, {@value #REMOTE_ATTEMPTS_PROPERTY}.
     */
    @Override
    public int maxDeliveryAttempts() {
        try {
            ObjectName setting = new ObjectName(ADDRESS_SETTING);
            if (!ManagementFactory.getPlatformMBeanServer().isRegistered(setting) && System.getProperty(REMOTE_ATTEMPTS_PROPERTY) != null) {
                return Math.max(1, Integer.parseInt(System.getProperty(REMOTE_ATTEMPTS_PROPERTY).trim()));
            }
            Object value = ManagementFactory.getPlatformMBeanServer().getAttribute(setting, "maxDeliveryAttempts");
            return Math.max(1, ((Number) value).intValue());
        } catch (JMException | RuntimeException e) {
            ReveilleLogger.LOG.deliveryAttemptsUnknown(ADDRESS_SETTING, String.valueOf(e.getMessage()), BROKER_DEFAULT_ATTEMPTS);
            return BROKER_DEFAULT_ATTEMPTS;
        }
    }

    private void send(Queue to, Batch batch, Duration delay) {
        JMSProducer producer = jms.createProducer()
                .setProperty(JOB_ID, batch.jobId()).setProperty(SUBNET_ID, batch.subnetId()).setProperty(ROUND, batch.round())
                .setProperty(FIRST_QUEUED_AT, batch.firstQueuedAt().toEpochMilli());
        if (batch.resumed()) {
            producer.setProperty(RESUMED, true);
        }
        if (batch.reserved() > 0) {
            producer.setProperty(RESERVED, batch.reserved());
        }
        if (delay != null && !delay.isNegative() && !delay.isZero()) {
            producer.setDeliveryDelay(Math.max(1, delay.toMillis()));
        }
        producer.send(to, batch.targetIds().stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
}
