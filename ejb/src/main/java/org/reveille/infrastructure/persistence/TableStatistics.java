package org.reveille.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;
import org.reveille.application.port.PlannerStatistics;

/**
 * Refreshes the planner statistics of a table that has just grown by a large step, in the caller's transaction.
 * PostgreSQL plans by statistics that autovacuum refreshes only about a minute later (or never, where it is switched
 * off): planned against a wake_target table it still believed nearly empty, the dispatcher's look-ups by id scanned
 * the whole table (100,000 rows per batch of 50); without statistics of the machine table, each batch of an
 * inventory import looked its 1,000-resource-id chunks up by scanning the whole table (15 s per batch of 5,000 at
 * 190,000 machines, growing with every batch). H2 needs nothing.
 */
@Stateless
public class TableStatistics implements PlannerStatistics {

    private static final Set<String> TABLES = Set.of("wake_target", "machine", "nic");

    @Resource(lookup = "java:jboss/datasources/ReveilleDS")
    private DataSource dataSource;

    @Override
    public void refresh(String table) {
        known(table);
        try (Connection connection = dataSource.getConnection()) {
            if (postgresql(connection)) {
                analyze(connection, table);
            }
        } catch (SQLException e) {
            throw failed(table, e);
        }
    }

    @Override
    public void grown(String table, long added) {
        known(table);
        if (added <= 0) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!postgresql(connection)) {
                return;
            }
            double counted;
            try (PreparedStatement statement = connection.prepareStatement("select reltuples from pg_class where oid = to_regclass(?)")) {
                statement.setString(1, table);
                try (ResultSet row = statement.executeQuery()) {
                    counted = row.next() ? row.getDouble(1) : -1;
                }
            }
            // reltuples is -1 for a table never analyzed
            if (counted < 0 || added * 10 >= counted) {
                analyze(connection, table);
            }
        } catch (SQLException e) {
            throw failed(table, e);
        }
    }

    private static void known(String table) {
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("no statistics refresh for table " + table);
        }
    }

    private static boolean postgresql(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    }

    private static void analyze(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE " + table);
        }
    }

    private static IllegalStateException failed(String table, SQLException e) {
        // not swallowed: on PostgreSQL a failed statement aborts the caller's transaction anyway
        return new IllegalStateException("statistics of " + table + ": " + e.getMessage(), e);
    }
}
