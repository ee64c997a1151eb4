package org.reveille.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.reveille.application.port.ClusterTimers;

/**
 * {@link ClusterTimers} on the table cluster_timer (migration V8): a claim is one conditional update of the timer's
 * row, which the database serialises, so of two servers asking at once one wins. The server that ran the timer last
 * keeps it, at its own timer's rhythm (so a late firing never makes it skip the next); another server takes it over
 * when the last run is 1.5 intervals old. The row of a timer the migration did not create is inserted on its first
 * claim.
 */
@Stateless
public class JdbcClusterTimers implements ClusterTimers {

    private static final String CLAIM = "update cluster_timer set last_run_at = ?, last_run_by = ?, runs = runs + 1"
            + " where name = ? and (last_run_by = ? or last_run_at is null or last_run_at <= ? or last_run_at > ?)";
    private static final String CREATE = "insert into cluster_timer (name, runs) select ?, 0"
            + " where not exists (select 1 from cluster_timer where name = ?)";

    @Resource(lookup = "java:jboss/datasources/ReveilleDS")
    private DataSource dataSource;

    @Inject
    private Clock clock;

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean claim(String name, Duration interval) {
        Instant now = clock.instant();
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            if (update(connection, name, at, interval) == 1) {
                return true;
            }
            try (PreparedStatement create = connection.prepareStatement(CREATE)) {
                create.setString(1, name);
                create.setString(2, name);
                if (create.executeUpdate() == 0) {
                    return false;   // the row is there: another server ran the timer in this interval
                }
            }
            return update(connection, name, at, interval) == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim timer " + name + ": " + e.getMessage(), e);
        }
    }

    private static int update(Connection connection, String name, OffsetDateTime at, Duration interval) throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            String node = org.reveille.application.ServerNode.name();
            claim.setObject(1, at);
            claim.setString(2, node);
            claim.setString(3, name);
            claim.setString(4, node);
            claim.setObject(5, at.minus(interval.multipliedBy(3).dividedBy(2)));
            claim.setObject(6, at.plus(interval));
            return claim.executeUpdate();
        }
    }
}
