package org.reveille.infrastructure.messaging.jms;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.reveille.application.port.WakeDispatches;

/**
 * The per-subnet wake-job queue: one message is one batch of targets of one job on one subnet (at most
 * {@link #MAX_TARGETS}), for the dispatcher. Sent in the caller's transaction, so a batch exists only once its
 * targets are committed.
 */
@ApplicationScoped
public class WakeDispatchQueue implements WakeDispatches {

    /** Same as the protocol's largest WAKE BATCH. */
    public static final int MAX_TARGETS = 2048;

    /** One batch as the dispatcher reads it back. */
    public record Batch(long jobId, long subnetId, int round, Instant firstQueuedAt, List<Long> targetIds) {

        public static Batch of(Message message) throws JMSException {
            String body = ((TextMessage) message).getText();
            List<Long> ids = body == null || body.isBlank() ? List.of()
                    : Arrays.stream(body.split(",")).map(String::trim).map(Long::valueOf).toList();
            return new Batch(message.getLongProperty(JOB_ID), message.getLongProperty(SUBNET_ID), message.getIntProperty(ROUND),
                    Instant.ofEpochMilli(message.getLongProperty(FIRST_QUEUED_AT)), ids);
        }
    }

    public static final String JOB_ID = "jobId";
    public static final String SUBNET_ID = "subnetId";
    public static final String ROUND = "round";
    public static final String FIRST_QUEUED_AT = "firstQueuedAt";

    @Inject
    private JMSContext jms;

    @Resource(lookup = Destinations.WAKE_JOBS)
    private Queue queue;

    /** Queues the targets in batches of at most {@link #MAX_TARGETS}, delivered after {@code delay}. */
    @Override
    public void queue(long jobId, long subnetId, int round, Instant firstQueuedAt, List<Long> targetIds, Duration delay) {
        for (int from = 0; from < targetIds.size(); from += MAX_TARGETS) {
            List<Long> chunk = targetIds.subList(from, Math.min(targetIds.size(), from + MAX_TARGETS));
            var producer = jms.createProducer()
                    .setProperty(JOB_ID, jobId).setProperty(SUBNET_ID, subnetId).setProperty(ROUND, round)
                    .setProperty(FIRST_QUEUED_AT, firstQueuedAt.toEpochMilli());
            if (delay != null && !delay.isNegative() && !delay.isZero()) {
                producer.setDeliveryDelay(delay.toMillis());
            }
            producer.send(queue, chunk.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
    }

    /** Puts a batch back, unchanged, for a later attempt (waiting for discovery). */
    public void requeue(Batch batch, Duration delay) {
        queue(batch.jobId(), batch.subnetId(), batch.round(), batch.firstQueuedAt(), batch.targetIds(), delay);
    }
}
