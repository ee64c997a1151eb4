package org.reveille.infrastructure.messaging.jms;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.reveille.application.WakeDispatch;
import org.reveille.application.port.WakeDispatches.Batch;

/**
 * Takes one per-subnet batch from the wake-job queue to {@link WakeDispatch} (docs/architecture.md#flow-wake)
 * and turns what it says into the delivery's end: commit, rollback for the broker's redelivery, or dead letter (on
 * ReveilleWakeJobsDLQ, whichever queue the batch came from). {@link ServerDirectDispatcher} does the same for the
 * batches handed to a cluster's server-direct node.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = Destinations.WAKE_JOBS),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "16")
})
public class WakeDispatcher implements MessageListener {

    @Resource
    private MessageDrivenContext context;

    @Inject
    private WakeDispatch dispatch;

    @Inject
    private WakeBatchDeadLetters deadLetters;

    @Override
    public void onMessage(Message message) {
        Batch batch;
        int delivery;
        try {
            batch = WakeDispatchQueue.batchOf(message);
            delivery = message.propertyExists("JMSXDeliveryCount") ? message.getIntProperty("JMSXDeliveryCount") : 1;
        } catch (JMSException | RuntimeException e) {
            deadLetters.send(message, 0, "?", "not a wake batch: " + e);
            return;
        }
        WakeDispatch.Outcome outcome = dispatch.dispatch(batch, delivery, onServerDirectNode());
        if (outcome instanceof WakeDispatch.Outcome.Redeliver) {
            context.setRollbackOnly();   // the broker redelivers after its delay
        } else if (outcome instanceof WakeDispatch.Outcome.DeadLetter dead) {
            deadLetters.send(message, batch.jobId(), dead.subnet(), dead.reason());
        }
    }

    /** Whether this bean dispatches on the node that sends the server's own packets: the one elected by a cluster. */
    protected boolean onServerDirectNode() {
        return false;
    }
}
