package org.reveille.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.reveille.application.port.PlannerStatistics;

/**
 * Refreshes the planner statistics of a table that has grown by a large step (a tenth of its counted rows, over one
 * call or several), in the caller's transaction.
 * PostgreSQL plans by statistics that autovacuum refreshes only about a minute later (or never, where it is switched
 * off): planned against a wake_target table it still believed nearly empty, the dispatcher's look-ups by id scanned
 * the whole table (100,000 rows per batch of 50); without statistics of the machine table, each batch of an
 * inventory import looked its 1,000-resource-id chunks up by scanning the whole table (15 s per batch of 5,000 at
 * 190,000 machines, growing with every batch). H2 needs nothing.
 */
@Stateless
public class TableStatistics implements PlannerStatistics {

    private static final Set<String> TABLES = Set.of("wake_target", "machine", "nic");

    /**
     * Rows this server has added to each table since it last analyzed it: growth is counted over calls, so that an
     * import in batches of 5,000 still refreshes the statistics when the batches together have grown the table by a
     * tenth (one batch is a tenth only while the table is under 50,000 rows). Per server; an overstatement (a rolled
     * back import) only makes the next ANALYZE come sooner.
     */
    private static final Map<String, AtomicLong> ADDED_SINCE_ANALYZE = new ConcurrentHashMap<>();

    @Resource(lookup = "java:jboss/datasources/ReveilleDS")
    private DataSource dataSource;

    @Override
    public void refresh(String table) {
        known(table);
        try (Connection connection = dataSource.getConnection()) {
            if (postgresql(connection)) {
                analyze(connection, table);
                added(table).set(0);
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
            long since = added(table).addAndGet(added);
            // reltuples is -1 for a table never analyzed
            if (counted < 0 || since * 10 >= counted) {
                analyze(connection, table);
                added(table).addAndGet(-since);
            }
        } catch (SQLException e) {
            throw failed(table, e);
        }
    }

    private static AtomicLong added(String table) {
        return ADDED_SINCE_ANALYZE.computeIfAbsent(table, t -> new AtomicLong());
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
