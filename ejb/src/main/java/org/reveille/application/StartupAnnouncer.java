package org.reveille.application;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.reveille.logging.ReveilleLogger;

/** Logs, once the schema is in place, where the server can be reached. */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class StartupAnnouncer {

    @PostConstruct
    void announce() {
        ReveilleLogger.LOG.started(version(), System.getProperty("reveille.public-url", "http://localhost:8080"));
    }

    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = StartupAnnouncer.class.getResourceAsStream("/reveille-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
