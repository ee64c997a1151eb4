package org.reveille.infrastructure.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.reveille.infrastructure.persistence.migration.SchemaMigration;
import org.reveille.logging.ReveilleLogger;

/** Ready only when the database answers a query over a fresh pooled connection, within a few seconds. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    private static final String NAME = "reveille-database";

    @Resource(lookup = SchemaMigration.DATASOURCE)
    private DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(3);
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM flyway_schema_history")) {
                rs.next();
                return HealthCheckResponse.named(NAME).up()
                        .withData("database", connection.getMetaData().getDatabaseProductName())
                        .withData("migrations", rs.getLong(1)).build();
            }
        } catch (Exception e) {
            ReveilleLogger.LOG.readinessDown(NAME, String.valueOf(e.getMessage()));
            return HealthCheckResponse.named(NAME).down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
