package org.reveille.infrastructure.messaging.jms;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import org.reveille.application.port.Discoveries;

/** Puts subnets on the discovery queue; the message body is the subnet's id. Sent in the caller's transaction. */
@ApplicationScoped
public class DiscoveryQueue implements Discoveries {

    public static final String SUBNET_ID = "subnetId";

    @Inject
    private JMSContext jms;

    @Resource(lookup = Destinations.DISCOVERY)
    private Queue queue;

    @Override
    public void queue(long subnetId) {
        jms.createProducer().setProperty(SUBNET_ID, subnetId).send(queue, Long.toString(subnetId));
    }
}
