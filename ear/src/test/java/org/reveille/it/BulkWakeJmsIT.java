package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.BytesMessage;
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

    private static final String BROKER = "tcp://127.0.0.1:" + ItPorts.HTTP + "?httpUpgradeEnabled=true&httpUpgradeEndpoint=http-acceptor";

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

    /**
     * Issue 15, item 3: a bulk wake naming a collection outside its maintenance window, whose rule refuses, is
     * dead-lettered with the window's reason (as POST /api/wake answers 409), never rolled back and redelivered.
     */
    @Test
    void aRequestAMaintenanceWindowRefusesIsDeadLetteredWithTheReason() throws Exception {
        String collection = "jms-window-" + System.nanoTime();
        assertEquals(201, put("/api/collections/" + collection, "{\"members\":[\"jms-window-pc\"]}", INVENTORY).status());
        int hour = (java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).getHour() + 2) % 24;
        Reply window = post("/api/windows", "{\"name\":\"" + collection + "\",\"collection\":\"" + collection + "\",\"cron\":\"0 " + hour
                + " * * *\",\"durationMinutes\":30,\"rule\":\"refuse\"}", INVENTORY);
        assertEquals(201, window.status(), window.body());
        try {
            long jobsBefore = get("/api/jobs?limit=1", ADMIN).json().getJsonNumber("total").longValue();
            DeadLetter dead = sendAndDeadLetter("{\"collections\":[\"" + collection + "\"]}");
            assertTrue(dead.reason().contains("outside its maintenance windows") && dead.reason().contains(collection), dead.reason());
            assertNotNull(dead.errorId());
            assertEquals(jobsBefore, get("/api/jobs?limit=1", ADMIN).json().getJsonNumber("total").longValue(), "no job was created");
        } finally {
            delete("/api/windows/" + window.json().getJsonNumber("id"), ADMIN);
            delete("/api/collections/" + collection, ADMIN);
        }
    }

    @Test
    void notJsonIsDeadLetteredToo() throws Exception {
        DeadLetter dead = sendAndDeadLetter("wake PC-1 please");
        assertTrue(dead.reason().startsWith("The message body is not valid JSON"), dead.reason());
    }

    /**
     * Item 10: the requester is never what the sender claims in JMSXUserID. WildFly's broker cannot supply the
     * authenticated user (see BulkWakeRequestConsumer), so it is the channel's name, "jms".
     */
    @Test
    void aForgedJMSXUserIDIsNotRecorded() throws Exception {
        try (JMSContext jms = factory().createContext(INVENTORY[0], INVENTORY[1], JMSContext.AUTO_ACKNOWLEDGE)) {
            TemporaryQueue replies = jms.createTemporaryQueue();
            TextMessage request = jms.createTextMessage("{\"names\":[\"PC-FORGED-1\"]}");
            request.setStringProperty("JMSXUserID", "mallory");
            request.setJMSReplyTo(replies);
            jms.createProducer().send(jms.createQueue("ReveilleBulkWakeRequests"), request);
            try (JMSConsumer consumer = jms.createConsumer(replies)) {
                Message reply = consumer.receive(30_000);
                assertNotNull(reply, "no reply within 30 s");
                assertEquals("accepted", reply.getStringProperty("reveille_outcome"));
                long jobId = reply.getLongProperty("jobId");
                Reply job = get("/api/jobs/" + jobId, OPERATOR);
                assertEquals(200, job.status(), job.body());
                assertEquals("jms", job.json().getString("requestedBy"), "the channel, not the forged property: " + job.body());
                assertTrue(!job.body().contains("mallory"), job.body());
            }
        }
    }

    /** Item 11: a refused request with JMSReplyTo is answered with a problem document; the dead-letter copy stays. */
    @Test
    void aRefusedRequestIsAnsweredWithAProblemAndStillDeadLettered() throws Exception {
        String body = "{\"macs\":[\"not-a-mac\"],\"verify\":\"yes\"}";
        String messageId;
        JsonObject problem;
        String replyErrorId;
        try (JMSContext jms = factory().createContext(INVENTORY[0], INVENTORY[1], JMSContext.AUTO_ACKNOWLEDGE)) {
            TemporaryQueue replies = jms.createTemporaryQueue();
            TextMessage request = jms.createTextMessage(body);
            request.setJMSReplyTo(replies);
            jms.createProducer().send(jms.createQueue("ReveilleBulkWakeRequests"), request);
            messageId = request.getJMSMessageID();
            try (JMSConsumer consumer = jms.createConsumer(replies)) {
                Message reply = consumer.receive(30_000);
                assertNotNull(reply, "a refused request got no reply within 30 s");
                assertEquals(messageId, reply.getJMSCorrelationID(), "correlation id = the request's message id");
                assertEquals("rejected", reply.getStringProperty("reveille_outcome"));
                assertEquals(400, reply.getIntProperty("status"));
                problem = (JsonObject) parse(((TextMessage) reply).getText());
                replyErrorId = reply.getStringProperty("reveille_error_id");
            }
        }
        assertEquals(400, problem.getInt("status"), problem.toString());
        assertEquals("https://reveille.dev/problems/invalid-input", problem.getString("type"));
        assertEquals(replyErrorId, problem.getString("errorId"));
        java.util.Map<String, String> errors = new java.util.HashMap<>();
        problem.getJsonArray("errors").getValuesAs(JsonObject.class).forEach(e -> errors.put(e.getString("field"), e.getString("message")));
        assertEquals(java.util.Set.of("macs[0]", "verify"), errors.keySet(), problem.toString());

        // the same errors as POST /api/wake gives for the same body
        Reply rest = post("/api/wake", body, INVENTORY);
        assertEquals(400, rest.status(), rest.body());
        assertEquals(rest.json().getJsonArray("errors"), problem.getJsonArray("errors"), "REST and JMS list the same errors");

        try (JMSContext jms = factory().createContext(ADMIN[0], ADMIN[1], JMSContext.AUTO_ACKNOWLEDGE);
             JMSConsumer dlq = jms.createConsumer(jms.createQueue("ReveilleBulkWakeRequestsDLQ"),
                     "reveille_original_message_id = '" + messageId + "'")) {
            Message dead = dlq.receive(30_000);
            assertNotNull(dead, "the dead-letter copy is kept as well");
            assertEquals(replyErrorId, dead.getStringProperty("reveille_error_id"), "one error id for reply, copy and log");
            assertEquals(body, ((TextMessage) dead).getText());
        }
    }

    /** Item 12: a BytesMessage keeps its body and the sender's properties on the dead-letter queue. */
    @Test
    void aBytesMessageKeepsItsBodyAndPropertiesOnTheDeadLetterQueue() throws Exception {
        byte[] payload = new byte[300_000];   // over 100 KiB: an Artemis large message
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        String messageId;
        try (JMSContext jms = factory().createContext(INVENTORY[0], INVENTORY[1], JMSContext.AUTO_ACKNOWLEDGE)) {
            BytesMessage request = jms.createBytesMessage();
            request.writeBytes(payload);
            request.setStringProperty("batch", "nightly-17");
            request.setIntProperty("attempt", 3);
            request.setBooleanProperty("urgent", true);
            request.setJMSCorrelationID("inventory-run-42");
            request.setJMSType("wake-request");
            jms.createProducer().send(jms.createQueue("ReveilleBulkWakeRequests"), request);
            messageId = request.getJMSMessageID();
        }
        try (JMSContext jms = factory().createContext(ADMIN[0], ADMIN[1], JMSContext.AUTO_ACKNOWLEDGE);
             JMSConsumer dlq = jms.createConsumer(jms.createQueue("ReveilleBulkWakeRequestsDLQ"),
                     "reveille_original_message_id = '" + messageId + "'")) {
            Message dead = dlq.receive(30_000);
            assertNotNull(dead, "the BytesMessage did not reach the dead-letter queue");
            assertInstanceOf(BytesMessage.class, dead, "a BytesMessage stays a BytesMessage: " + dead);
            assertArrayEquals(payload, dead.getBody(byte[].class), "the body, byte for byte");
            assertEquals("nightly-17", dead.getStringProperty("batch"));
            assertEquals(3, dead.getIntProperty("attempt"));
            assertTrue(dead.getBooleanProperty("urgent"));
            assertEquals("inventory-run-42", dead.getJMSCorrelationID());
            assertEquals("wake-request", dead.getJMSType());
            assertTrue(dead.getStringProperty("reveille_reason").contains("BytesMessage"), dead.getStringProperty("reveille_reason"));
            assertNotNull(dead.getStringProperty("reveille_error_id"));
        }
    }

    /** Item 13: the largest accepted body is REST's, 16 MiB of UTF-8; a larger one is refused with 413, not lost. */
    @Test
    void aBodyOverSixteenMebibytesIsRefusedWith413() throws Exception {
        String body = "{\"names\":[\"" + "x".repeat(16 * 1024 * 1024) + "\"]}";
        String messageId;
        try (JMSContext jms = factory().createContext(INVENTORY[0], INVENTORY[1], JMSContext.AUTO_ACKNOWLEDGE)) {
            TemporaryQueue replies = jms.createTemporaryQueue();
            TextMessage request = jms.createTextMessage(body);
            request.setJMSReplyTo(replies);
            jms.createProducer().send(jms.createQueue("ReveilleBulkWakeRequests"), request);
            messageId = request.getJMSMessageID();
            try (JMSConsumer consumer = jms.createConsumer(replies)) {
                Message reply = consumer.receive(60_000);
                assertNotNull(reply, "no reply within 60 s");
                assertEquals(messageId, reply.getJMSCorrelationID());
                assertEquals("rejected", reply.getStringProperty("reveille_outcome"));
                assertEquals(413, reply.getIntProperty("status"));
                JsonObject problem = (JsonObject) parse(((TextMessage) reply).getText());
                assertEquals("https://reveille.dev/problems/request-too-large", problem.getString("type"));
                assertTrue(problem.getString("detail").contains(String.valueOf(body.length())), problem.toString());
            }
        }
        try (JMSContext jms = factory().createContext(ADMIN[0], ADMIN[1], JMSContext.AUTO_ACKNOWLEDGE);
             JMSConsumer dlq = jms.createConsumer(jms.createQueue("ReveilleBulkWakeRequestsDLQ"),
                     "reveille_original_message_id = '" + messageId + "'")) {
            Message dead = dlq.receive(60_000);
            assertNotNull(dead, "the refused message is kept on the dead-letter queue");
            assertEquals(body.length(), ((TextMessage) dead).getText().length(), "the whole body is kept");
        }
    }

    /** Item 11: the dead-letter queue stays the admin's: the sender learns from the reply, it cannot drain the queue. */
    @Test
    void theInventoryUserCannotTakeFromTheDeadLetterQueue() {
        try (JMSContext jms = factory().createContext(INVENTORY[0], INVENTORY[1], JMSContext.AUTO_ACKNOWLEDGE)) {
            jakarta.jms.JMSRuntimeException refused = org.junit.jupiter.api.Assertions.assertThrows(jakarta.jms.JMSRuntimeException.class,
                    () -> jms.createConsumer(jms.createQueue("ReveilleBulkWakeRequestsDLQ")).receive(2_000));
            assertTrue(String.valueOf(refused.getMessage()).contains("AMQ229213") || refused instanceof jakarta.jms.JMSSecurityRuntimeException,
                    "refused by the broker's security: " + refused);
        }
    }

    /**
     * Item 13: docs/api.md's JNDI way, as an outside integrator runs it: WildFly's client jar alone on the class path,
     * provider URL http-remoting://HOST:8080, jms/RemoteConnectionFactory, jms/queue/reveille/BulkWakeRequests, a
     * temporary reply queue, the inventory user. In a JVM of its own, so nothing of this test's class path helps.
     */
    @Test
    void anIntegratorConnectsThroughJndiAsDocumented() throws Exception {
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process client = new ProcessBuilder(javaBin, "-cp", System.getProperty("reveille.it.jms-client-jar"),
                System.getProperty("reveille.it.jms-client-source"), "http-remoting://127.0.0.1:" + ItPorts.HTTP,
                INVENTORY[0], INVENTORY[1], "{\"names\":[\"PC-JNDI-1\"]}").redirectErrorStream(true).start();
        String output;
        try (java.io.InputStream out = client.getInputStream()) {
            assertTrue(client.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the JNDI client did not finish in 120 s");
            output = new String(out.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            client.destroyForcibly();
        }
        assertEquals(0, client.exitValue(), output);
        assertTrue(output.contains("correlated=true"), output);
        assertTrue(output.contains("outcome=accepted"), output);
        java.util.regex.Matcher job = java.util.regex.Pattern.compile("body=\\{\"jobId\":(\\d+),").matcher(output);
        assertTrue(job.find(), output);
        Reply reply = get("/api/jobs/" + job.group(1), OPERATOR);
        assertEquals(200, reply.status(), reply.body());
        assertEquals("jms", reply.json().getString("requestedBy"));
    }
}
