package org.reveille.interfaces.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.reveille.application.port.BrokerCheck;
import org.reveille.logging.ReveilleLogger;

/** Ready only when the broker accepts a connection and Reveille's queues exist on it. */
@ApplicationScoped
public class MessagingProbe implements Probe {

    static final String NAME = "reveille-messaging";

    @Inject
    private BrokerCheck broker;

    @Override
    public Result check() {
        try {
            return new Result(NAME, true, broker.check());
        } catch (Exception e) {
            ReveilleLogger.LOG.readinessDown(NAME, String.valueOf(e.getMessage()));
            return new Result(NAME, false, Map.of("error", String.valueOf(e.getMessage())));
        }
    }
}
