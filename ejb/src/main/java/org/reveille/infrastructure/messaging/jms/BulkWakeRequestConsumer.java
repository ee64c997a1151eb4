package org.reveille.infrastructure.messaging.jms;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.UUID;
import org.reveille.application.WakeService;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.domain.model.wake.WakeRequest;
import org.reveille.logging.ReveilleLogger;

/**
 * Takes bulk wake requests from inventory systems: the body is the JSON of POST /api/wake. A valid request
 * becomes a wake job (resolved and queued per subnet like a REST request) whose id goes back to JMSReplyTo. A malformed one is moved, in the same transaction, to
 * the dead-letter queue with its reason and an error id, so it is neither lost nor retried forever; a transient
 * failure (say, the database is down) rolls back and the broker redelivers it, then dead-letters it after the
 * configured attempts.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = Destinations.BULK_WAKE_REQUESTS),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")
})
public class BulkWakeRequestConsumer implements MessageListener {

    @Inject
    private WakeService wake;

    @Inject
    private JMSContext jms;

    @Resource(lookup = Destinations.BULK_WAKE_REQUESTS_DLQ)
    private Queue deadLetterQueue;

    @Override
    public void onMessage(Message message) {
        String messageId = idOf(message);
        String body;
        WakeRequest request;
        try {
            if (!(message instanceof TextMessage text) || text.getText() == null) {
                deadLetter(message, messageId, "not a text message with a JSON body");
                return;
            }
            body = text.getText();
            JsonValue json = Json.createReader(new StringReader(body)).readValue();
            request = WakeRequest.fromJson(json);
        } catch (JsonException e) {
            deadLetter(message, messageId, "body is not valid JSON: " + e.getMessage());
            return;
        } catch (InvalidInputException e) {
            deadLetter(message, messageId, e.describe());
            return;
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read message " + messageId, e);
        }
        WakeService.Submitted job = wake.submit(request, WakeJob.Source.JMS, userOf(message));
        ReveilleLogger.LOG.bulkWakeAccepted(messageId, job.jobId(), request.items().size());
        replyTo(message, messageId, job.jobId());
    }

    private void replyTo(Message message, String messageId, long jobId) {
        Destination replyTo;
        try {
            replyTo = message.getJMSReplyTo();
        } catch (JMSException e) {
            return;
        }
        if (replyTo != null) {
            String reply = Json.createObjectBuilder().add("jobId", jobId)
                    .add("location", "/api/jobs/" + jobId).build().toString();
            jms.createProducer().setJMSCorrelationID(messageId).setProperty("jobId", jobId).send(replyTo, reply);
        }
    }

    private void deadLetter(Message message, String messageId, String reason) {
        String errorId = UUID.randomUUID().toString();
        String body = null;
        try {
            if (message instanceof TextMessage t) {
                body = t.getText();
            }
        } catch (JMSException ignored) {
            // keep the reason even when the body cannot be read
        }
        jms.createProducer()
                .setProperty(Destinations.PROPERTY_REASON, reason)
                .setProperty(Destinations.PROPERTY_ERROR_ID, errorId)
                .setProperty(Destinations.PROPERTY_ORIGINAL_MESSAGE_ID, messageId)
                .send(deadLetterQueue, body == null ? "" : body);
        ReveilleLogger.LOG.bulkWakeDeadLettered(messageId, "ReveilleBulkWakeRequestsDLQ", errorId, reason);
    }

    private static String idOf(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "unknown";
        }
    }

    private static String userOf(Message message) {
        try {
            String user = message.getStringProperty("JMSXUserID");
            return user != null ? user : "jms";
        } catch (JMSException e) {
            return "jms";
        }
    }
}
