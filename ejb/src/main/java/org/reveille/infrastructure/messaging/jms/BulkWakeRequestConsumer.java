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
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Map;
import org.reveille.application.WakeService;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.domain.model.wake.WakeRequest;
import org.reveille.interfaces.json.Jsonp;
import org.reveille.interfaces.json.RequestBinder;
import org.reveille.interfaces.json.WakeRequestDocument;
import org.reveille.domain.model.audit.Actor;
import org.reveille.logging.ReveilleLogger;

/**
 * Takes bulk wake requests from inventory systems: the body is the JSON of POST /api/wake. A valid request
 * becomes a wake job (resolved and queued per subnet like a REST request) whose id goes back to JMSReplyTo. A
 * malformed one is refused in the same transaction: a copy (same type, body and properties, plus the reason) goes to
 * the dead-letter queue, and, when JMSReplyTo is set, a problem document (the same one REST would answer) goes back
 * to the sender, so it learns at once. A transient failure (say, the database is down) rolls back and the broker
 * redelivers the message, then dead-letters it after the configured attempts.
 *
 * <p>The job's requester is recorded as {@value #REQUESTER}, the channel, never a value the sender chose. The
 * authenticated JMS user cannot be known here: JMSXUserID is whatever the sender set, and WildFly's embedded broker
 * never replaces it with the validated user: WildFly's Artemis security manager only answers "valid or not"
 * (the ActiveMQSecurityManager v1 contract), so the broker has no validated user name to write, with or without
 * Artemis's populate-validated-user (measured: with {@code brokerconfig.populateValidatedUser=true} a forged
 * JMSXUserID still arrived unchanged, and an honest sender's arrived empty).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = Destinations.BULK_WAKE_REQUESTS),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")
})
public class BulkWakeRequestConsumer implements MessageListener {

    /** The largest body accepted, in UTF-8 bytes: the same limit (and property) as a REST request body. */
    static final long MAX_BODY_BYTES = Long.getLong("reveille.api.max-request-bytes", 16L * 1024 * 1024);

    /** The requester recorded for every bulk wake job: the channel (see the class comment). */
    static final String REQUESTER = "jms";

    /** Who the audit trail names for a bulk wake: the channel, without an address (the broker does not pass it on). */
    static final Actor REQUESTER_ACTOR = new Actor(REQUESTER, Actor.Channel.JMS, null);

    /** Set on every reply: {@code accepted} (a job id follows) or {@code rejected} (a problem document follows). */
    static final String PROPERTY_OUTCOME = "reveille_outcome";

    @Inject
    private WakeService wake;

    @Inject
    private JMSContext jms;

    @Resource(lookup = Destinations.BULK_WAKE_REQUESTS_DLQ)
    private Queue deadLetterQueue;

    @Override
    public void onMessage(Message message) {
        String messageId = idOf(message);
        WakeRequest request;
        try {
            if (!(message instanceof TextMessage text) || text.getText() == null) {
                reject(message, messageId, BulkWakeRejection.notText(typeOf(message)));
                return;
            }
            long bytes = utf8Length(text.getText());
            if (bytes > MAX_BODY_BYTES) {
                reject(message, messageId, BulkWakeRejection.tooLarge(bytes, MAX_BODY_BYTES));
                return;
            }
            JsonValue json = Jsonp.reader(new StringReader(text.getText())).readValue();
            request = RequestBinder.command(json, WakeRequestDocument.class);   // the mapper of POST /api/wake
        } catch (JsonException | jakarta.json.bind.JsonbException e) {
            reject(message, messageId, BulkWakeRejection.malformedJson(e.getMessage()));
            return;
        } catch (InvalidInputException e) {
            reject(message, messageId, BulkWakeRejection.invalid(e));
            return;
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read message " + messageId, e);
        }
        // checked before the submission, which would roll the delivery back: a refusal is dead-lettered with its reason
        java.util.Optional<String> refusal = wake.refusal(request);
        if (refusal.isPresent()) {
            reject(message, messageId, BulkWakeRejection.refused(refusal.get()));
            return;
        }
        WakeService.Submitted job = wake.submit(request, WakeJob.Source.JMS, REQUESTER_ACTOR);
        ReveilleLogger.LOG.bulkWakeAccepted(messageId, job.jobId(), request.items().size());
        Destination replyTo = replyToOf(message);
        if (replyTo != null) {
            String reply = Jsonp.object().add("jobId", job.jobId())
                    .add("location", "/api/jobs/" + job.jobId()).build().toString();
            jms.createProducer().setJMSCorrelationID(messageId).setProperty("jobId", job.jobId())
                    .setProperty(PROPERTY_OUTCOME, "accepted").send(replyTo, reply);
        }
    }

    /** Dead-letters a copy of the message and answers the sender, both in the delivery's transaction. */
    private void reject(Message message, String messageId, BulkWakeRejection rejection) {
        String reason = rejection.reason();
        try {
            Message copy = DeadLetterCopy.of(jms, message);
            DeadLetterCopy.mark(copy, Map.of(
                    Destinations.PROPERTY_REASON, reason,
                    Destinations.PROPERTY_ERROR_ID, rejection.errorId(),
                    Destinations.PROPERTY_ORIGINAL_MESSAGE_ID, messageId));
            jms.createProducer().send(deadLetterQueue, copy);
        } catch (JMSException e) {
            // rolled back and redelivered: the broker dead-letters it itself after the configured attempts
            throw new IllegalStateException("cannot dead-letter message " + messageId, e);
        }
        ReveilleLogger.LOG.bulkWakeDeadLettered(messageId, "ReveilleBulkWakeRequestsDLQ", rejection.errorId(), reason);
        Destination replyTo = replyToOf(message);
        if (replyTo != null) {
            jms.createProducer().setJMSCorrelationID(messageId)
                    .setProperty(PROPERTY_OUTCOME, "rejected")
                    .setProperty(Destinations.PROPERTY_ERROR_ID, rejection.errorId())
                    .setProperty("status", rejection.status())
                    .send(replyTo, rejection.problemJson());
        }
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static Destination replyToOf(Message message) {
        try {
            return message.getJMSReplyTo();
        } catch (JMSException e) {
            return null;
        }
    }

    private static String typeOf(Message message) {
        for (Class<?> type : new Class<?>[] {jakarta.jms.BytesMessage.class, jakarta.jms.MapMessage.class,
                jakarta.jms.ObjectMessage.class, jakarta.jms.StreamMessage.class, TextMessage.class}) {
            if (type.isInstance(message)) {
                return type.getSimpleName() + (type == TextMessage.class ? " without a body" : "");
            }
        }
        return "Message without a body";
    }

    private static String idOf(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "unknown";
        }
    }
}
