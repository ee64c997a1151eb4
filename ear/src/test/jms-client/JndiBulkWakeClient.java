import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.Properties;
import javax.naming.Context;
import javax.naming.InitialContext;

/**
 * An integrator's bulk wake client built from docs/api.md alone, the JNDI way: WildFly's client jar
 * (org.wildfly:wildfly-client-all at the server's version) and nothing else on the class path. BulkWakeJmsIT runs it
 * in a JVM of its own, so that the documented names, URL and permissions are checked as an outside client sees them:
 *   java -cp wildfly-client-all-39.0.1.Final.jar JndiBulkWakeClient.java PROVIDER_URL USER PASSWORD JSON
 * Prints the reply's correlation, outcome and body; exits 1 when no reply comes within 30 s.
 */
public class JndiBulkWakeClient {

    public static void main(String[] args) throws Exception {
        Properties env = new Properties();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "org.wildfly.naming.client.WildFlyInitialContextFactory");
        env.put(Context.PROVIDER_URL, args[0]);
        env.put(Context.SECURITY_PRINCIPAL, args[1]);
        env.put(Context.SECURITY_CREDENTIALS, args[2]);
        Context jndi = new InitialContext(env);
        try {
            ConnectionFactory factory = (ConnectionFactory) jndi.lookup("jms/RemoteConnectionFactory");
            Queue queue = (Queue) jndi.lookup("jms/queue/reveille/BulkWakeRequests");
            try (JMSContext jms = factory.createContext(args[1], args[2])) {
                TemporaryQueue replies = jms.createTemporaryQueue();
                TextMessage request = jms.createTextMessage(args[3]);
                request.setJMSReplyTo(replies);
                jms.createProducer().send(queue, request);
                try (JMSConsumer consumer = jms.createConsumer(replies)) {
                    Message reply = consumer.receive(30_000);
                    if (reply == null) {
                        System.out.println("no reply within 30 s");
                        System.exit(1);
                    }
                    System.out.println("correlated=" + request.getJMSMessageID().equals(reply.getJMSCorrelationID()));
                    System.out.println("outcome=" + reply.getStringProperty("reveille_outcome"));
                    System.out.println("body=" + reply.getBody(String.class));
                }
            }
        } finally {
            jndi.close();
        }
    }
}
