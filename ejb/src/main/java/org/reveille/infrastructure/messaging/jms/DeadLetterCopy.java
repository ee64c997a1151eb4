package org.reveille.infrastructure.messaging.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/**
 * The copy of a refused message that goes to a dead-letter queue: the same message type and body (text, bytes,
 * map or stream, byte for byte), every property the sender set, its JMSCorrelationID and JMSType, plus Reveille's
 * reason properties. An ObjectMessage's body is the one thing not copied: reading it means deserializing a Java
 * object an outside client chose, which the server never does; its copy says so in {@link #PROPERTY_BODY_DROPPED}.
 */
final class DeadLetterCopy {

    /** Set (to the reason) on a copy whose body could not be kept. */
    static final String PROPERTY_BODY_DROPPED = "reveille_body_dropped";

    private DeadLetterCopy() {
    }

    static Message of(JMSContext jms, Message original) throws JMSException {
        Message copy;
        if (original instanceof TextMessage text) {
            copy = jms.createTextMessage(text.getText());
        } else if (original instanceof BytesMessage bytes) {
            copy = jms.createBytesMessage();
            byte[] body = bytes.getBodyLength() == 0 ? new byte[0] : bytes.getBody(byte[].class);
            ((BytesMessage) copy).writeBytes(body);
        } else if (original instanceof MapMessage map) {
            MapMessage mapCopy = jms.createMapMessage();
            for (String name : Collections.list(castNames(map.getMapNames()))) {
                mapCopy.setObject(name, map.getObject(name));
            }
            copy = mapCopy;
        } else if (original instanceof StreamMessage stream) {
            StreamMessage streamCopy = jms.createStreamMessage();
            stream.reset();
            try {
                while (true) {
                    streamCopy.writeObject(stream.readObject());
                }
            } catch (jakarta.jms.MessageEOFException end) {
                // every element copied
            }
            copy = streamCopy;
        } else if (original instanceof ObjectMessage) {
            copy = jms.createObjectMessage();
            copy.setStringProperty(PROPERTY_BODY_DROPPED, "an ObjectMessage's body is never deserialized by the server");
        } else {
            copy = jms.createMessage();
        }
        copyHeadersAndProperties(original, copy);
        return copy;
    }

    private static void copyHeadersAndProperties(Message original, Message copy) throws JMSException {
        for (String name : Collections.list(castNames(original.getPropertyNames()))) {
            // JMSX* and JMS_* belong to the provider (delivery count, user id, ...); the broker sets its own
            if (!name.startsWith("JMSX") && !name.startsWith("JMS_") && !name.startsWith("_")) {
                copy.setObjectProperty(name, original.getObjectProperty(name));
            }
        }
        if (original.getJMSCorrelationID() != null) {
            copy.setJMSCorrelationID(original.getJMSCorrelationID());
        }
        if (original.getJMSType() != null) {
            copy.setJMSType(original.getJMSType());
        }
        if (original.getJMSReplyTo() != null) {
            copy.setJMSReplyTo(original.getJMSReplyTo());
        }
    }

    @SuppressWarnings("unchecked")
    private static Enumeration<String> castNames(Enumeration<?> names) {
        return (Enumeration<String>) names;
    }

    /** Adds Reveille's reason properties; they win over same-named properties of the sender. */
    static void mark(Message copy, Map<String, String> reasons) throws JMSException {
        for (Map.Entry<String, String> reason : reasons.entrySet()) {
            copy.setStringProperty(reason.getKey(), reason.getValue());
        }
    }
}
