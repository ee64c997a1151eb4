package org.reveille.infrastructure.messaging.jms;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reveille.application.port.BrokerCheck;

/** Browses each of Reveille's queues once: the broker accepts a connection and the queues exist on it. */
@ApplicationScoped
public class JmsBrokerCheck implements BrokerCheck {

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
    public Map<String, Object> check() throws JMSException {
        try (JMSContext context = connectionFactory.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            Map<String, Object> data = new LinkedHashMap<>();
            for (Queue queue : new Queue[] {bulkWake, wakeJobs, discovery}) {
                try (QueueBrowser browser = context.createBrowser(queue)) {
                    browser.getEnumeration();
                    data.put(queue.getQueueName(), "reachable");
                }
            }
            return data;
        }
    }
}
