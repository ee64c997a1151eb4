package org.reveille.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reveille.application.HeartbeatBuffer.Pending;
import org.reveille.infrastructure.persistence.migration.FlywayMigrations;
import org.reveille.net.Ipv4Address;

/**
 * The set-based heartbeat writer against the real schema, H2 and PostgreSQL (-Preveille-postgresql): last-seen
 * times to the second, rounded down, never moved backwards; subnets' last contact kept to 15 s; STALE and UNREACHABLE
 * subnets healthy again; agents without a row reported, also inside chunks of several sizes and seconds.
 */
class HeartbeatWriterIT {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3_600);

    static java.util.stream.Stream<TestDatabase> databases() {
        return TestDatabase.enabled();
    }

    @AfterAll
    static void dropDatabases() throws SQLException {
        TestDatabase.dropCreated();
    }

    private static HeartbeatWriter writer(DataSource db) throws ReflectiveOperationException {
        return TestDatabase.withDataSource(new HeartbeatWriter(), db);
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /** The network part of subnet {@code id}: 127.30.id for ids below 250. */
    private static String net(int id) {
        return "127." + (30 + id / 250) + "." + (id % 250);
    }

    /** Subnet {@code id} (127.30.id.0/24) in {@code state} with its two agents 127.30.id.10 and .11, last seen at T0. */
    private static void subnet(Connection c, int id, String state, Instant lastContact, Instant unreachableSince) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO subnet (id, network, prefix_length, state, created_at,"
                + " state_changed_at, last_contact_at, unreachable_since, version) VALUES (?, ?, 24, ?, ?, ?, ?, ?, 0)")) {
            s.setLong(1, id);
            s.setLong(2, Ipv4Address.parse(net(id) + ".0").toLong());
            s.setString(3, state);
            s.setObject(4, utc(T0));
            s.setObject(5, utc(T0));
            s.setObject(6, lastContact == null ? null : utc(lastContact));
            s.setObject(7, unreachableSince == null ? null : utc(unreachableSince));
            s.executeUpdate();
        }
        for (int host : new int[] {10, 11}) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO agent (id, subnet_id, machine_name, address, proxy_role,"
                    + " protocol_version, secure, registered_at, last_seen_at, version) VALUES (?, ?, ?, ?, ?, 1, true, ?, ?, 0)")) {
                s.setLong(1, id * 100L + host);
                s.setLong(2, id);
                s.setString(3, "PC-" + id + "-" + host);
                s.setString(4, net(id) + "." + host);
                s.setString(5, host == 10 ? "PRIMARY" : "ALTERNATE");
                s.setObject(6, utc(T0));
                s.setObject(7, utc(T0));
                s.executeUpdate();
            }
        }
    }

    private static DataSource database(TestDatabase database) throws SQLException {
        DataSource db = database.fresh("heartbeats");
        FlywayMigrations.migrate(db, HeartbeatWriterIT.class.getClassLoader());
        return db;
    }

    private static Instant instant(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            OffsetDateTime t = r.getObject(1, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private static Pending beat(String address, Instant at) {
        return new Pending(Ipv4Address.parse(address), at);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void lastSeenToTheSecondAndNeverBackwards(TestDatabase database) throws Exception {
        DataSource db = database(database);
        try (Connection c = db.getConnection()) {
            subnet(c, 1, "HEALTHY", T0, null);
        }
        HeartbeatWriter writer = writer(db);
        Instant at = T0.plusSeconds(100).plusMillis(870);
        assertEquals(List.of(), writer.write(List.of(beat("127.30.1.10", at))));
        try (Connection c = db.getConnection()) {
            assertEquals(T0.plusSeconds(100), instant(c, "SELECT last_seen_at FROM agent WHERE address = '127.30.1.10'"),
                    "rounded down to the second");
            assertEquals(T0, instant(c, "SELECT last_seen_at FROM agent WHERE address = '127.30.1.11'"), "the other one untouched");
            assertEquals(T0.plusSeconds(100), instant(c, "SELECT last_contact_at FROM subnet WHERE id = 1"));
        }
        // an older heartbeat written late moves nothing back, and its agent is not taken for unknown
        assertEquals(List.of(), writer.write(List.of(beat("127.30.1.10", T0.plusSeconds(50)))));
        // the other proxy 5 s later: the subnet's last contact is recent enough (15 s precision)
        assertEquals(List.of(), writer.write(List.of(beat("127.30.1.11", T0.plusSeconds(105)))));
        try (Connection c = db.getConnection()) {
            assertEquals(T0.plusSeconds(100), instant(c, "SELECT last_seen_at FROM agent WHERE address = '127.30.1.10'"));
            assertEquals(T0.plusSeconds(105), instant(c, "SELECT last_seen_at FROM agent WHERE address = '127.30.1.11'"));
            assertEquals(T0.plusSeconds(100), instant(c, "SELECT last_contact_at FROM subnet WHERE id = 1"));
        }
        writer.write(List.of(beat("127.30.1.11", T0.plusSeconds(130))));
        try (Connection c = db.getConnection()) {
            assertEquals(T0.plusSeconds(130), instant(c, "SELECT last_contact_at FROM subnet WHERE id = 1"));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void silentSubnetsAreHealthyAgain(TestDatabase database) throws Exception {
        DataSource db = database(database);
        try (Connection c = db.getConnection()) {
            subnet(c, 1, "STALE", T0, null);
            subnet(c, 2, "UNREACHABLE", T0, T0);
            subnet(c, 3, "HEALTHY", T0.plusSeconds(200), null);
        }
        Instant at = T0.plusSeconds(200);
        writer(db).write(List.of(beat("127.30.1.10", at), beat("127.30.2.11", at), beat("127.30.3.10", at.minusSeconds(1))));
        try (Connection c = db.getConnection()) {
            assertEquals("HEALTHY", text(c, "SELECT state FROM subnet WHERE id = 1"));
            assertEquals("HEALTHY", text(c, "SELECT state FROM subnet WHERE id = 2"));
            assertNull(instant(c, "SELECT unreachable_since FROM subnet WHERE id = 2"));
            assertEquals(at, instant(c, "SELECT state_changed_at FROM subnet WHERE id = 2"));
            assertEquals(at, instant(c, "SELECT last_contact_at FROM subnet WHERE id = 2"));
            assertEquals(T0, instant(c, "SELECT state_changed_at FROM subnet WHERE id = 3"), "a healthy subnet's state untouched");
            assertEquals(T0.plusSeconds(200), instant(c, "SELECT last_contact_at FROM subnet WHERE id = 3"), "never backwards");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void manyAgentsOverSeveralSecondsWithSomeDeleted(TestDatabase database) throws Exception {
        DataSource db = database(database);
        int subnets = 300;
        try (Connection c = db.getConnection()) {
            for (int id = 1; id <= subnets; id++) {
                subnet(c, id, "HEALTHY", T0, null);
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM agent WHERE address IN ('127.30.7.10', '127.30.150.11', '127.31.49.10')");
            }
        }
        List<Pending> beats = new ArrayList<>();
        for (int id = 1; id <= subnets; id++) {
            // 600 agents over 3 seconds (two of them 259 and 341 long: chunks of 256 padded to every size)
            Instant at = T0.plusSeconds(1_000 + (id <= 130 ? 0 : id <= 170 ? 1 : 2)).plusMillis(id % 1000);
            beats.add(beat(net(id) + ".10", at));
            beats.add(beat(net(id) + ".11", at));
        }
        Set<Ipv4Address> unknown = new HashSet<>(writer(db).write(beats));
        assertEquals(Set.of(Ipv4Address.parse("127.30.7.10"), Ipv4Address.parse("127.30.150.11"), Ipv4Address.parse("127.31.49.10")),
                unknown);
        try (Connection c = db.getConnection()) {
            assertEquals("597", text(c, "SELECT COUNT(*) FROM agent WHERE last_seen_at >= TIMESTAMP WITH TIME ZONE '"
                    + utc(T0.plusSeconds(1_000)) + "'"));
            assertEquals(T0.plusSeconds(1_001), instant(c, "SELECT last_seen_at FROM agent WHERE address = '127.30.150.10'"));
            assertEquals(T0.plusSeconds(1_002), instant(c, "SELECT last_contact_at FROM subnet WHERE id = 299"));
            assertEquals("300", text(c, "SELECT COUNT(*) FROM subnet WHERE last_contact_at >= TIMESTAMP WITH TIME ZONE '"
                    + utc(T0.plusSeconds(1_000)) + "'"));
        }
    }
}
