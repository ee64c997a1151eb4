package org.reveille.infrastructure.persistence.migration;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.reveille.logging.ReveilleLogger;

/**
 * Brings the database schema to the current version before anything else uses it. Flyway serialises
 * concurrent migrations (a PostgreSQL advisory lock, an H2 table lock), so several servers may start at once
 * against one database; the later ones find the work done.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {

    public static final String DATASOURCE = "java:jboss/datasources/ReveilleDS";

    @Resource(lookup = DATASOURCE)
    private DataSource dataSource;

    @PostConstruct
    void migrate() {
        MigrateResult result = FlywayMigrations.migrate(dataSource, SchemaMigration.class.getClassLoader());
        String schemaVersion = result.targetSchemaVersion != null ? result.targetSchemaVersion
                : String.valueOf(result.initialSchemaVersion);
        ReveilleLogger.LOG.schemaMigrated(schemaVersion, result.migrationsExecuted, result.database);
    }

}
