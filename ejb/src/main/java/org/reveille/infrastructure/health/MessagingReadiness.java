package org.reveille.infrastructure.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.reveille.infrastructure.messaging.jms.Destinations;
import org.reveille.logging.ReveilleLogger;

/** Ready only when the broker accepts a connection and Reveille's queues exist on it. */
@Readiness
@ApplicationScoped
public class MessagingReadiness implements HealthCheck {

    private static final String NAME = "reveille-messaging";

    /** Non-transactional in-VM factory: a health probe must not enlist in anyone's transaction. */
    @Resource(lookup = "java:/ConnectionFactory")
    private ConnectionFactory connectionFactory;

    @Resource(lookup = Destinations.BULK_WAKE_REQUESTS)
    private Queue bulkWake;

    @Resource(lookup = Destinations.WAKE_JOBS)
    private Queue wakeJobs;

    @Resource(lookup = Destinations.DISCOVERY)
    private Queue discovery;

    @Override
    public HealthCheckResponse call() {
        try (JMSContext context = connectionFactory.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            var response = HealthCheckResponse.named(NAME).up();
            for (Queue queue : new Queue[] {bulkWake, wakeJobs, discovery}) {
                try (QueueBrowser browser = context.createBrowser(queue)) {
                    browser.getEnumeration();
                    response.withData(queue.getQueueName(), "reachable");
                }
            }
            return response.build();
        } catch (Exception e) {
            ReveilleLogger.LOG.readinessDown(NAME, String.valueOf(e.getMessage()));
            return HealthCheckResponse.named(NAME).down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
