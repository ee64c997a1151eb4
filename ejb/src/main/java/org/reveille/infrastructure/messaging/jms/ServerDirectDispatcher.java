package org.reveille.infrastructure.messaging.jms;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

/**
 * The cluster's server-direct node (docs/cluster.md, "Server-direct from one node"): takes the batches the other
 * nodes hand over because their subnet's policy has the server send packets itself, and dispatches them as
 * {@link WakeDispatcher} does, sending those packets from this node. With the cluster's configuration it is a clustered
 * singleton (META-INF/jboss-ejb3.xml): its delivery is active on the one node WildFly's singleton policy elects (the
 * administrators' preferred node while it is a member, else the oldest), and moves to another when that node leaves.
 * On a single server nothing is handed over, and its queue stays empty.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = Destinations.SERVER_DIRECT),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "8")
})
public class ServerDirectDispatcher extends WakeDispatcher {

    @Override
    protected boolean onServerDirectNode() {
        return true;
    }
}
