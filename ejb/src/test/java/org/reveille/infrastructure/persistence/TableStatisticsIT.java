package org.reveille.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reveille.infrastructure.persistence.migration.FlywayMigrations;

/**
 * Planner statistics after a large step of growth (docs/reliability.md, "Planner statistics"), against H2 and
 * PostgreSQL (-Preveille-postgresql): on PostgreSQL the inventory's look-up of 1,000 resource ids, planned (generic
 * plan, kept) while the table was small, scans the table even after it has grown, until the statistics are refreshed;
 * then it is planned again, on the unique index; a step under a tenth of
 * the counted rows leaves the statistics alone; on H2 nothing happens and nothing fails.
 */
class TableStatisticsIT {

    @AfterAll
    static void dropDatabases() throws SQLException {
        TestDatabase.dropCreated();
    }

    /** Machines {@code from}..{@code to} (resource ids R-n), written as the inventory import writes them. */
    private static void machines(Connection c, TestDatabase database, int from, int to) throws SQLException {
        String numbers = database == TestDatabase.POSTGRESQL ? "generate_series(" + from + ", " + to + ") AS s(x)"
                : "system_range(" + from + ", " + to + ") AS s(x)";
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO machine (id, resource_id, name, name_key, chassis, created_at, updated_at, version) "
                    + "SELECT x, 'R-' || x, 'PC-' || x, 'pc-' || x, 'LAPTOP', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0 FROM " + numbers);
        }
    }

    private static double counted(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select reltuples from pg_class where relname = 'machine'")) {
            r.next();
            return r.getDouble(1);
        }
    }

    /**
     * Prepares the inventory's look-up of 1,000 resource ids (InventoryService: 1,000 parameters, the chunk size) on
     * this session with generic plans, as PostgreSQL runs a statement the driver has prepared on the server (after
     * five executions): the plan is made once and kept, until something invalidates it.
     */
    private static void prepareLookup(Connection c) throws SQLException {
        String types = IntStream.rangeClosed(1, 1000).mapToObj(i -> "varchar").collect(Collectors.joining(","));
        String parameters = IntStream.rangeClosed(1, 1000).mapToObj(i -> "$" + i).collect(Collectors.joining(","));
        try (Statement s = c.createStatement()) {
            s.execute("PREPARE lookup (" + types + ") AS select id from machine where resource_id in (" + parameters + ")");
            s.execute("SET plan_cache_mode = force_generic_plan");
        }
    }

    /** The plan the session's prepared look-up runs with now. */
    private static String plan(Connection c) throws SQLException {
        String values = IntStream.rangeClosed(1, 1000).mapToObj(i -> "'R-" + i + "'").collect(Collectors.joining(","));
        StringBuilder plan = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("EXPLAIN EXECUTE lookup (" + values + ")")) {
            while (r.next()) {
                plan.append(r.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    @ParameterizedTest
    @MethodSource("org.reveille.infrastructure.persistence.TestDatabase#enabled")
    void aLargeStepOfGrowthRefreshesTheStatisticsAndASmallOneDoesNot(TestDatabase database) throws Exception {
        DataSource db = database.fresh("statistics");
        FlywayMigrations.migrate(db, TableStatisticsIT.class.getClassLoader());
        TableStatistics statistics = TestDatabase.withDataSource(new TableStatistics(), db);
        try (Connection c = db.getConnection()) {
            if (database == TestDatabase.H2) {
                machines(c, database, 1, 100_000);
                statistics.grown("machine", 100_000);   // nothing to do, and nothing fails
                return;
            }
            // the look-up is planned while the table is small (an import's first batches): a sequential scan, which
            // compares every row with each of the 1,000 parameters (only a list of constants is hashed)
            machines(c, database, 1, 2_000);
            prepareLookup(c);
            assertTrue(plan(c).contains("Seq Scan on machine"), "a look-up in a small table scans it:\n" + plan(c));
            // ... and the plan is kept while the table grows, without statistics: 2.3 s per look-up at 100,000
            // machines in a benchmark run (docs/reliability.md)
            machines(c, database, 2_001, 100_000);
            assertTrue(counted(c) < 1, "no statistics yet: " + counted(c));
            assertTrue(plan(c).contains("Seq Scan on machine"), "the plan is kept:\n" + plan(c));

            statistics.grown("machine", 98_000);   // on another connection, as in the server
            assertEquals(100_000, counted(c), 1, "analyzed");
            assertFalse(plan(c).contains("Seq Scan"), "planned again with statistics, on the resource id index:\n" + plan(c));
            assertTrue(plan(c).contains("uk_machine_resource_id"), plan(c));

            machines(c, database, 100_001, 105_000);
            statistics.grown("machine", 5_000);   // a twentieth: autovacuum's rule would wait too
            assertEquals(100_000, counted(c), 1, "not analyzed again for a small step");

            machines(c, database, 105_001, 115_000);
            statistics.grown("machine", 10_000);   // a tenth of the counted rows
            assertEquals(115_000, counted(c), 1, "analyzed again");
        }
    }

    @Test
    void onlyTheTablesItKnows() {
        TableStatistics statistics = new TableStatistics();
        assertThrows(IllegalArgumentException.class, () -> statistics.grown("agent; drop table agent", 5));
        assertThrows(IllegalArgumentException.class, () -> statistics.refresh("setting"));
    }
}
