package org.apache.activemq.artemis.api.core;

/**
 * Test stand-in with the name of the Artemis client's exception, which the ejb module does not depend on:
 * ConcurrentWrites recognises it by name (ConcurrentWritesTest). The real one is met by BrokerFailoverIT.
 */
public class ActiveMQDisconnectedException extends Exception {
    public ActiveMQDisconnectedException(String message) {
        super(message);
    }
}
