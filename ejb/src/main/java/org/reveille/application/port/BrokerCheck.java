package org.reveille.application.port;

import java.util.Map;

/** Whether the message broker accepts a connection and Reveille's queues exist on it (readiness). */
public interface BrokerCheck {

    /** Each queue's name and "reachable"; throws with why when the broker or a queue is missing. */
    Map<String, Object> check() throws Exception;
}
