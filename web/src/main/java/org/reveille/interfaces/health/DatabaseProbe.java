package org.reveille.interfaces.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.reveille.infrastructure.persistence.migration.SchemaMigration;
import org.reveille.logging.ReveilleLogger;

/** Ready only when the database answers a query on Reveille's schema within a few seconds. */
@ApplicationScoped
public class DatabaseProbe implements Probe {

    static final String NAME = "reveille-database";

    @Resource(lookup = SchemaMigration.DATASOURCE)
    private DataSource dataSource;

    @Override
    public Result check() {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(3);
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\"")) {
                rs.next();
                return new Result(NAME, true, Map.of("database", connection.getMetaData().getDatabaseProductName(),
                        "migrations", rs.getLong(1)));
            }
        } catch (Exception e) {
            ReveilleLogger.LOG.readinessDown(NAME, String.valueOf(e.getMessage()));
            return new Result(NAME, false, Map.of("error", String.valueOf(e.getMessage())));
        }
    }
}
