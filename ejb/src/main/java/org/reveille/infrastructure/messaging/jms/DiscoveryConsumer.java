package org.reveille.infrastructure.messaging.jms;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.reveille.application.AgentFinder;
import org.reveille.logging.ReveilleLogger;

/**
 * Runs AgentFinder for each subnet on the discovery queue. {@code maxSession} bounds how many subnets are
 * discovered at once on this server; a discovery takes seconds to minutes, so it runs outside a transaction.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = Destinations.DISCOVERY),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DiscoveryConsumer implements MessageListener {

    @Inject
    private AgentFinder finder;

    @Override
    public void onMessage(Message message) {
        long subnetId;
        try {
            subnetId = message.getLongProperty(DiscoveryQueue.SUBNET_ID);
        } catch (JMSException | NumberFormatException e) {
            ReveilleLogger.LOG.warnf("Discovery message without a subnet id ignored: %s", e.getMessage());
            return;
        }
        finder.discover(subnetId);
    }
}
