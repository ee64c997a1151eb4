package org.reveille.infrastructure.messaging.jms;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import java.util.List;
import java.util.UUID;
import org.reveille.logging.ReveilleLogger;

/**
 * Puts a wake batch on ReveilleWakeJobsDLQ with why (docs/api.md, "Wake jobs"): its body and batch properties, the
 * reason and an error id, which the log line (REVEILLE00053) repeats. Sent in the delivery's transaction.
 */
@ApplicationScoped
public class WakeBatchDeadLetters {

    @Inject
    private JMSContext jms;

    @Resource(lookup = Destinations.WAKE_JOBS_DLQ)
    private Queue deadLetterQueue;

    public void send(Message message, long jobId, String cidr, String reason) {
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
}
