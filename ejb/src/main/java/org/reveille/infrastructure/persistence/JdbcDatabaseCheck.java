package org.reveille.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.reveille.application.port.DatabaseCheck;
import org.reveille.infrastructure.persistence.migration.SchemaMigration;

/** Counts Flyway's applied migrations, with a 3 s query timeout: the database answers on Reveille's schema. */
@ApplicationScoped
public class JdbcDatabaseCheck implements DatabaseCheck {

    @Resource(lookup = SchemaMigration.DATASOURCE)
    private DataSource dataSource;

    @Override
    public Map<String, Object> check() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(3);
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\"")) {
                rs.next();
                return Map.of("database", connection.getMetaData().getDatabaseProductName(), "migrations", rs.getLong(1));
            }
        }
    }
}
