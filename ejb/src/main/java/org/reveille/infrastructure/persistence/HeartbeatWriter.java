package org.reveille.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.reveille.application.HeartbeatBuffer.Pending;
import org.reveille.application.port.HeartbeatStore;
import org.reveille.net.Ipv4Address;

/**
 * Writes a batch of held heartbeats set by set rather than row by row (docs/architecture.md#flow-heartbeats): the
 * heartbeats are grouped by the second they arrived in (last-seen and last-contact times are kept to the second,
 * rounded down), and each group is written with a few statements over chunks of up to {@value #CHUNK} addresses:
 * silent subnets become healthy again, the others get their last contact (to {@link #CONTACT_PRECISION}), then the
 * agents their last-seen time. All subnet statements before all agent statements, as registrations lock them in
 * that order, and times only ever move forward. When an agent statement updates fewer rows than it names, one query
 * finds which addresses have no agent row. IN lists are padded to a few fixed sizes ({@link #LIST_SIZES}, repeating
 * the last address) so that the database sees a handful of statements, each prepared once.
 */
@Stateless
public class HeartbeatWriter implements HeartbeatStore {

    /** A subnet's last contact is kept to this precision: a subnet heard from more recently is not rewritten. */
    static final Duration CONTACT_PRECISION = Duration.ofSeconds(15);
    static final int CHUNK = 256;
    static final int[] LIST_SIZES = {1, 4, 16, 64, CHUNK};

    private static final String OF_AGENTS = " WHERE id IN (SELECT subnet_id FROM agent WHERE address IN (%s))";

    /** Silent subnets (stale, unreachable) heard from again are healthy. Rare: matches nothing most of the time. */
    private static final String REVIVED = "UPDATE subnet SET last_contact_at = ?, unreachable_since = NULL,"
            + " state_changed_at = CASE WHEN state IN ('STALE', 'UNREACHABLE') THEN ? ELSE state_changed_at END,"
            + " state = CASE WHEN state IN ('STALE', 'UNREACHABLE') THEN 'HEALTHY' ELSE state END"
            + OF_AGENTS + " AND (state IN ('STALE', 'UNREACHABLE') OR unreachable_since IS NOT NULL)";

    /**
     * The common case: only the last contact, and not when another agent of the subnet was heard from moments ago
     * (its two proxies both heartbeat). Writes no indexed column.
     */
    private static final String CONTACT = "UPDATE subnet SET last_contact_at = ?" + OF_AGENTS
            + " AND (last_contact_at IS NULL OR last_contact_at < ?)";

    private static final String AGENTS = "UPDATE agent SET last_seen_at = ? WHERE address IN (%s) AND last_seen_at < ?";

    /** Agents named by an agent statement that updated fewer rows than it named: which of them exist. */
    private static final String EXISTING = "SELECT address FROM agent WHERE address IN (%s)";

    @Resource(lookup = "java:jboss/datasources/ReveilleDS")
    private DataSource dataSource;

    /** Writes the heartbeats; returns the addresses that have no agent row (any more). */
    @Override
    public List<Ipv4Address> write(List<Pending> heartbeats) {
        Map<Instant, List<String>> bySecond = new TreeMap<>();
        for (Pending p : heartbeats) {
            bySecond.computeIfAbsent(p.at().truncatedTo(ChronoUnit.SECONDS), s -> new ArrayList<>()).add(p.address().toString());
        }
        List<Ipv4Address> unknown = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {   // enlisted in this bean's transaction
            for (Map.Entry<Instant, List<String>> group : bySecond.entrySet()) {
                OffsetDateTime at = OffsetDateTime.ofInstant(group.getKey(), ZoneOffset.UTC);
                for (List<String> chunk : chunks(group.getValue())) {
                    subnets(connection, chunk, at);
                }
            }
            for (Map.Entry<Instant, List<String>> group : bySecond.entrySet()) {
                OffsetDateTime at = OffsetDateTime.ofInstant(group.getKey(), ZoneOffset.UTC);
                for (List<String> chunk : chunks(group.getValue())) {
                    int updated = update(connection, AGENTS, List.of(at), chunk, List.of(at));
                    if (updated < chunk.size()) {
                        unknown.addAll(missing(connection, chunk));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return unknown;
    }

    private static void subnets(Connection connection, List<String> chunk, OffsetDateTime at) throws SQLException {
        update(connection, REVIVED, List.of(at, at), chunk, List.of());
        update(connection, CONTACT, List.of(at), chunk, List.of(at.minus(CONTACT_PRECISION)));
    }

    /** Runs {@code sql} with the parameters before the list, the chunk's addresses (padded), those after; rows updated. */
    private static int update(Connection connection, String sql, List<OffsetDateTime> before, List<String> chunk,
            List<OffsetDateTime> after) throws SQLException {
        int size = paddedSize(chunk.size());
        try (PreparedStatement statement = connection.prepareStatement(String.format(sql, placeholders(size)))) {
            int i = 1;
            for (OffsetDateTime value : before) {
                statement.setObject(i++, value);
            }
            i = addresses(statement, i, chunk, size);
            for (OffsetDateTime value : after) {
                statement.setObject(i++, value);
            }
            return statement.executeUpdate();
        }
    }

    /** The addresses of the chunk without an agent row. */
    private static List<Ipv4Address> missing(Connection connection, List<String> chunk) throws SQLException {
        int size = paddedSize(chunk.size());
        Set<String> existing = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement(String.format(EXISTING, placeholders(size)))) {
            addresses(query, 1, chunk, size);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    existing.add(rows.getString(1));
                }
            }
        }
        List<Ipv4Address> missing = new ArrayList<>();
        for (String address : new java.util.LinkedHashSet<>(chunk)) {
            if (!existing.contains(address)) {
                missing.add(Ipv4Address.parse(address));
            }
        }
        return missing;
    }

    /** Sets the chunk's addresses from parameter {@code from} on, padded to {@code size} with the last one. */
    private static int addresses(PreparedStatement statement, int from, List<String> chunk, int size) throws SQLException {
        for (int k = 0; k < size; k++) {
            statement.setString(from + k, chunk.get(Math.min(k, chunk.size() - 1)));
        }
        return from + size;
    }

    static int paddedSize(int n) {
        for (int size : LIST_SIZES) {
            if (n <= size) {
                return size;
            }
        }
        throw new IllegalArgumentException(n + " addresses, more than a chunk of " + CHUNK);
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static List<List<String>> chunks(List<String> all) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }
}
