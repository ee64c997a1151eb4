package org.reveille.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reveille.infrastructure.persistence.migration.FlywayMigrations;

/**
 * The Flyway migrations and the invariants the schema enforces, on a real database (H2, or PostgreSQL with
 * -Preveille-postgresql): concurrent migration by two servers, and unique keys that hold under concurrent writers.
 */
class SchemaIT {

    private static final int WRITERS = 8;

    @org.junit.jupiter.api.AfterAll
    static void dropDatabases() throws SQLException {
        TestDatabase.dropCreated();
    }

    static java.util.stream.Stream<TestDatabase> databases() {
        return TestDatabase.enabled();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void twoServersMigratingAtOnceApplyTheSchemaExactlyOnce(TestDatabase database) throws Exception {
        DataSource db = database.fresh("schema_race");
        // Two servers can only share PostgreSQL: embedded H2 is locked to one process, and H2 itself fails under
        // concurrent DDL. On H2 the two migrations run one after the other.
        List<MigrateResult> results = database == TestDatabase.POSTGRESQL
                ? race(2, () -> FlywayMigrations.migrate(db, SchemaIT.class.getClassLoader()))
                : List.of(FlywayMigrations.migrate(db, SchemaIT.class.getClassLoader()), FlywayMigrations.migrate(db, SchemaIT.class.getClassLoader()));
        assertEquals(List.of(true, true), results.stream().map(r -> r.success).toList());
        int applied = results.stream().mapToInt(r -> r.migrationsExecuted).sum();
        int migrations = countOf(db, "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL");
        assertEquals(migrations, applied, "every migration ran once, by one of the two servers");
        assertTrue(migrations >= 1);
        assertEquals(0, FlywayMigrations.migrate(db, SchemaIT.class.getClassLoader()).migrationsExecuted, "a restart migrates nothing");
    }

    /**
     * A cluster node's JGroups may create its discovery table before the first migration of a fresh database
     * (docs/cluster.md, "The nodes"): the migration still runs; any other table without Flyway's history stops it.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void aFreshDatabaseWithOnlyTheClusterDiscoveryTableIsMigrated(TestDatabase database) throws Exception {
        DataSource db = database.fresh("discovery_first");
        execute(db, "CREATE TABLE IF NOT EXISTS jgroupsping (own_addr VARCHAR(200) NOT NULL, cluster_name VARCHAR(200) NOT NULL, "
                + "ping_data BYTEA, PRIMARY KEY (own_addr, cluster_name))");
        MigrateResult first = FlywayMigrations.migrate(db, SchemaIT.class.getClassLoader());
        assertTrue(first.success);
        int migrations = countOf(db, "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" <> '0'");
        assertEquals(migrations, first.migrationsExecuted, "every migration ran, after a baseline at version 0");
        assertTrue(migrations >= 8);
        assertEquals(0, countOf(db, "SELECT COUNT(*) FROM subnet"), "the schema is Reveille's");
        assertEquals(0, FlywayMigrations.migrate(db, SchemaIT.class.getClassLoader()).migrationsExecuted, "a restart migrates nothing");

        DataSource foreign = database.fresh("foreign_first");
        execute(foreign, "CREATE TABLE someone_elses (id INTEGER PRIMARY KEY)");
        assertThrows(org.flywaydb.core.api.FlywayException.class, () -> FlywayMigrations.migrate(foreign, SchemaIT.class.getClassLoader()),
                "a database holding anything else is not taken over");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void atMostOnePrimaryAndOneAlternatePerSubnetWhateverTheRace(TestDatabase database) throws Exception {
        DataSource db = migrated(database, "roles");
        execute(db, "INSERT INTO subnet (id, network, prefix_length, state, created_at, state_changed_at, version) "
                + "VALUES (1, 2132018432, 24, 'NEW', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)");
        for (String role : List.of("PRIMARY", "ALTERNATE")) {
            int base = role.equals("PRIMARY") ? 100 : 200;
            List<Boolean> inserted = race(WRITERS, new Callable<>() {
                private int next = 0;

                @Override
                public Boolean call() throws Exception {
                    int id;
                    synchronized (this) {
                        id = base + next++;
                    }
                    return tryInsertAgent(db, id, "127.20.5." + id % 250, role);
                }
            });
            assertEquals(1, inserted.stream().filter(b -> b).count(), WRITERS + " concurrent " + role + " registrations: " + inserted);
        }
        assertTrue(tryInsertAgent(db, 300, "127.20.5.30", null), "members are unlimited");
        assertTrue(tryInsertAgent(db, 301, "127.20.5.31", null));
        assertEquals(2, countOf(db, "SELECT COUNT(*) FROM agent WHERE proxy_role IS NOT NULL"));
        SQLException bad = assertThrows(SQLException.class, () -> execute(db, "INSERT INTO agent (id, subnet_id, machine_name, address, "
                + "proxy_role, protocol_version, secure, registered_at, last_seen_at, version) VALUES (400, 1, 'x', '127.20.5.40', 'BOSS', 1, TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)"));
        assertTrue(bad.getSQLState().startsWith("23"), "an unknown role is refused by the check constraint: " + bad.getSQLState());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void subnetsAreUniqueByNetworkAndMask(TestDatabase database) throws Exception {
        DataSource db = migrated(database, "subnets");
        String insert = "INSERT INTO subnet (id, network, prefix_length, state, created_at, state_changed_at, version) VALUES (%d, 2132018432, %d, 'NEW', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)";
        execute(db, String.format(insert, 1, 24));
        execute(db, String.format(insert, 2, 25));
        SQLException duplicate = assertThrows(SQLException.class, () -> execute(db, String.format(insert, 3, 24)));
        assertTrue(duplicate.getSQLState().startsWith("23"), duplicate.getSQLState());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aMacAppearsAtMostOncePerMachine(TestDatabase database) throws Exception {
        DataSource db = migrated(database, "macs");
        execute(db, "INSERT INTO machine (id, resource_id, name, name_key, chassis, created_at, updated_at, version) "
                + "VALUES (1, 'R1', 'PC', 'PC', 'LAPTOP', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)");
        execute(db, "INSERT INTO machine (id, resource_id, name, name_key, chassis, created_at, updated_at, version) "
                + "VALUES (2, 'R2', 'PC2', 'PC2', 'LAPTOP', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)");
        execute(db, "INSERT INTO nic (machine_id, position, mac) VALUES (1, 0, '02:00:00:00:00:01')");
        execute(db, "INSERT INTO nic (machine_id, position, mac) VALUES (2, 0, '02:00:00:00:00:01')");
        SQLException duplicate = assertThrows(SQLException.class,
                () -> execute(db, "INSERT INTO nic (machine_id, position, mac) VALUES (1, 1, '02:00:00:00:00:01')"));
        assertTrue(duplicate.getSQLState().startsWith("23"), duplicate.getSQLState());
        SQLException resourceId = assertThrows(SQLException.class, () -> execute(db, "INSERT INTO machine (id, resource_id, name, name_key, "
                + "chassis, created_at, updated_at, version) VALUES (3, 'R1', 'X', 'X', 'SERVER', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)"));
        assertTrue(resourceId.getSQLState().startsWith("23"));
    }

    private static DataSource migrated(TestDatabase database, String purpose) throws SQLException {
        DataSource db = database.fresh(purpose);
        FlywayMigrations.migrate(db, SchemaIT.class.getClassLoader());
        return db;
    }

    private static boolean tryInsertAgent(DataSource db, int id, String address, String role) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO agent (id, subnet_id, machine_name, address, proxy_role, "
                     + "protocol_version, secure, registered_at, last_seen_at, version) VALUES (?, 1, ?, ?, ?, 1, TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)")) {
            insert.setInt(1, id);
            insert.setString(2, "PC-" + id);
            insert.setString(3, address);
            insert.setString(4, role);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw e;
        }
    }

    /** Runs {@code task} on {@code n} threads released at the same instant; returns their results in order. */
    private static <T> List<T> race(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void execute(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int countOf(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
