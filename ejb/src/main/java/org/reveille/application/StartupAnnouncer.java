package org.reveille.application;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import org.reveille.logging.ReveilleLogger;

/** Logs, once the schema is in place, where the server can be reached. */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class StartupAnnouncer {

    @PostConstruct
    void announce() {
        ReveilleLogger.LOG.started(ReveilleVersion.current(), System.getProperty("reveille.public-url", "http://localhost:8080"));
    }
}
