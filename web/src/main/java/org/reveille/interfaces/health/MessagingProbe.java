package org.reveille.interfaces.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reveille.infrastructure.messaging.jms.Destinations;
import org.reveille.logging.ReveilleLogger;

/** Ready only when the broker accepts a connection and Reveille's queues exist on it. */
@ApplicationScoped
public class MessagingProbe implements Probe {

    static final String NAME = "reveille-messaging";

    /** The non-transactional in-VM factory: a probe must not enlist in anyone's transaction. */
    @Resource(lookup = "java:/ConnectionFactory")
    private ConnectionFactory connectionFactory;

    @Resource(lookup = Destinations.BULK_WAKE_REQUESTS)
    private Queue bulkWake;

    @Resource(lookup = Destinations.WAKE_JOBS)
    private Queue wakeJobs;

    @Resource(lookup = Destinations.DISCOVERY)
    private Queue discovery;

    @Override
    public Result check() {
        try (JMSContext context = connectionFactory.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            Map<String, Object> data = new LinkedHashMap<>();
            for (Queue queue : new Queue[] {bulkWake, wakeJobs, discovery}) {
                try (QueueBrowser browser = context.createBrowser(queue)) {
                    browser.getEnumeration();
                    data.put(queue.getQueueName(), "reachable");
                }
            }
            return new Result(NAME, true, data);
        } catch (Exception e) {
            ReveilleLogger.LOG.readinessDown(NAME, String.valueOf(e.getMessage()));
            return new Result(NAME, false, Map.of("error", String.valueOf(e.getMessage())));
        }
    }
}
