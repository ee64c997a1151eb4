package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSConsumer;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.json.JsonObject;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An inventory system's view of the bulk-wake queue: a remote JMS client (over the HTTP port, as WildFly serves
 * it) sends a request and gets the job id back; a malformed message lands in the dead-letter queue with its reason.
 */
@ExtendWith(ArquillianExtension.class)
class BulkWakeJmsIT extends ServerTestSupport {

    private static final String BROKER = "tcp://127.0.0.1:8080?httpUpgradeEnabled=true&httpUpgradeEndpoint=http-acceptor";

    private static ConnectionFactory factory() {
        return new ActiveMQConnectionFactory(BROKER);
    }

    @Test
    void requestBecomesAJobAndTheReplyCarriesItsId() throws Exception {
        try (JMSContext jms = factory().createContext(INVENTORY[0], INVENTORY[1], JMSContext.AUTO_ACKNOWLEDGE)) {
            Queue queue = jms.createQueue("ReveilleBulkWakeRequests");
            TemporaryQueue replies = jms.createTemporaryQueue();
            TextMessage request = jms.createTextMessage("{\"names\":[\"PC-1\",\"PC-2\"],\"macs\":[\"02-00-7F-14-05-0A\"],\"collections\":[\"Lab\"]}");
            request.setJMSReplyTo(replies);
            jms.createProducer().send(queue, request);

            try (JMSConsumer consumer = jms.createConsumer(replies)) {
                Message reply = consumer.receive(30_000);
                assertNotNull(reply, "no reply within 30 s");
                assertEquals(request.getJMSMessageID(), reply.getJMSCorrelationID());
                JsonObject body = (JsonObject) parse(((TextMessage) reply).getText());
                long jobId = body.getJsonNumber("jobId").longValue();
                assertEquals("/api/jobs/" + jobId, body.getString("location"));

                Reply job = get("/api/jobs/" + jobId, OPERATOR);
                assertEquals(200, job.status(), job.body());
                assertEquals("jms", job.json().getString("source"));
                assertEquals(4, job.json().getJsonArray("items").size());
                assertTrue(job.body().contains("02:00:7f:14:05:0a"), "the MAC is stored in canonical form: " + job.body());
            }
        }
    }

    @Test
    void aUserWithoutTheInventoryRoleCannotSubmit() {
        try (JMSContext jms = factory().createContext(OPERATOR[0], OPERATOR[1], JMSContext.AUTO_ACKNOWLEDGE)) {
            jakarta.jms.JMSRuntimeException refused = org.junit.jupiter.api.Assertions.assertThrows(jakarta.jms.JMSRuntimeException.class,
                    () -> jms.createProducer().send(jms.createQueue("ReveilleBulkWakeRequests"), "{\"names\":[\"PC-1\"]}"));
            assertTrue(String.valueOf(refused.getMessage()).contains("AMQ229032") || refused instanceof jakarta.jms.JMSSecurityRuntimeException,
                    "refused by the broker's security, the sender is told at once: " + refused);
        }
    }

    /** What the dead-letter queue holds for one message Reveille refused. */
    private record DeadLetter(String reason, String errorId, String body) {
    }

    /** Sends {@code body} as an inventory system and reads it back from the dead-letter queue as an admin. */
    private static DeadLetter sendAndDeadLetter(String body) throws Exception {
        String messageId;
        try (JMSContext jms = factory().createContext(INVENTORY[0], INVENTORY[1], JMSContext.AUTO_ACKNOWLEDGE)) {
            TextMessage bad = jms.createTextMessage(body);
            jms.createProducer().send(jms.createQueue("ReveilleBulkWakeRequests"), bad);
            messageId = bad.getJMSMessageID();
        }
        try (JMSContext jms = factory().createContext(ADMIN[0], ADMIN[1], JMSContext.AUTO_ACKNOWLEDGE);
             JMSConsumer dlq = jms.createConsumer(jms.createQueue("ReveilleBulkWakeRequestsDLQ"),
                     "reveille_original_message_id = '" + messageId + "'")) {
            Message dead = dlq.receive(30_000);
            assertNotNull(dead, "the message did not reach the dead-letter queue: " + body);
            return new DeadLetter(dead.getStringProperty("reveille_reason"), dead.getStringProperty("reveille_error_id"),
                    ((TextMessage) dead).getText());
        }
    }

    @Test
    void malformedMessageIsDeadLetteredWithItsReason() throws Exception {
        DeadLetter dead = sendAndDeadLetter("{\"macs\":[\"not-a-mac\"]}");
        assertTrue(dead.reason().contains("macs[0]") && dead.reason().contains("not-a-mac"), dead.reason());
        assertNotNull(dead.errorId());
        assertEquals("{\"macs\":[\"not-a-mac\"]}", dead.body(), "the original body is kept");
    }

    @Test
    void notJsonIsDeadLetteredToo() throws Exception {
        DeadLetter dead = sendAndDeadLetter("wake PC-1 please");
        assertTrue(dead.reason().startsWith("body is not valid JSON"), dead.reason());
    }
}
