package org.reveille.interfaces.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.reveille.application.port.DatabaseCheck;
import org.reveille.logging.ReveilleLogger;

/** Ready only when the database answers a query on Reveille's schema within a few seconds. */
@ApplicationScoped
public class DatabaseProbe implements Probe {

    static final String NAME = "reveille-database";

    @Inject
    private DatabaseCheck database;

    @Override
    public Result check() {
        try {
            return new Result(NAME, true, database.check());
        } catch (Exception e) {
            ReveilleLogger.LOG.readinessDown(NAME, String.valueOf(e.getMessage()));
            return new Result(NAME, false, Map.of("error", String.valueOf(e.getMessage())));
        }
    }
}
