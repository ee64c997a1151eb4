package org.reveille.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;
import org.reveille.application.port.PlannerStatistics;

/**
 * Refreshes the planner statistics of a table that has just grown by a large step, in the caller's transaction.
 * PostgreSQL plans by statistics that autovacuum refreshes only about a minute later: planned against a wake_target
 * table it still believed nearly empty, the dispatcher's look-ups by id scanned the whole table (100,000 rows per
 * batch of 50) until then. H2 needs nothing.
 */
@Stateless
public class TableStatistics implements PlannerStatistics {

    private static final Set<String> TABLES = Set.of("wake_target");

    @Resource(lookup = "java:jboss/datasources/ReveilleDS")
    private DataSource dataSource;

    @Override
    public void refresh(String table) {
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("no statistics refresh for table " + table);
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE " + table);
            }
        } catch (SQLException e) {
            // not swallowed: on PostgreSQL a failed statement aborts the caller's transaction anyway
            throw new IllegalStateException("ANALYZE " + table + " failed: " + e.getMessage(), e);
        }
    }
}
