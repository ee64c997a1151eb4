package org.reveille.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.reveille.application.HeartbeatBuffer.Pending;
import javax.sql.DataSource;
import org.reveille.application.port.HeartbeatStore;
import org.reveille.net.Ipv4Address;

/**
 * Writes a batch of held heartbeats in one transaction with three JDBC batches: silent subnets become healthy again,
 * the others get their last contact (to {@link #CONTACT_PRECISION}), then the agents their last-seen time. Subnets
 * before agents, as registrations lock them, and times only ever move forward. Plain SQL rather than HQL: a bulk HQL update is translated again on
 * every execution, which was most of the cost of a heartbeat.
 */
@Stateless
public class HeartbeatWriter implements HeartbeatStore {

    /** A subnet's last contact is kept to this precision: a subnet heard from more recently is not rewritten. */
    static final Duration CONTACT_PRECISION = Duration.ofSeconds(15);

    private static final String OF_AGENT = " WHERE id IN (SELECT subnet_id FROM agent WHERE address = ?)";

    /** A silent subnet (stale, unreachable) heard from again is healthy. Rare: matches nothing most of the time. */
    private static final String REVIVED = "UPDATE subnet SET last_contact_at = ?, unreachable_since = NULL,"
            + " state_changed_at = CASE WHEN state IN ('STALE', 'UNREACHABLE') THEN ? ELSE state_changed_at END,"
            + " state = CASE WHEN state IN ('STALE', 'UNREACHABLE') THEN 'HEALTHY' ELSE state END"
            + OF_AGENT + " AND (state IN ('STALE', 'UNREACHABLE') OR unreachable_since IS NOT NULL)";

    /**
     * The common case: only the last contact, and not when another agent of the subnet was heard from moments ago
     * (its two proxies both heartbeat). Writes no indexed column.
     */
    private static final String CONTACT = "UPDATE subnet SET last_contact_at = ?"
            + OF_AGENT + " AND (last_contact_at IS NULL OR last_contact_at < ?)";

    private static final String AGENTS = "UPDATE agent SET"
            + " last_seen_at = CASE WHEN last_seen_at < ? THEN ? ELSE last_seen_at END"
            + " WHERE address = ?";

    @Resource(lookup = "java:jboss/datasources/ReveilleDS")
    private DataSource dataSource;

    /** Writes the heartbeats; returns the addresses that have no agent row (any more). */
    @Override
    public List<Ipv4Address> write(List<Pending> heartbeats) {
        List<Ipv4Address> unknown = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();   // enlisted in this bean's transaction
             PreparedStatement revived = connection.prepareStatement(REVIVED);
             PreparedStatement contact = connection.prepareStatement(CONTACT);
             PreparedStatement agents = connection.prepareStatement(AGENTS)) {
            for (Pending p : heartbeats) {
                OffsetDateTime at = OffsetDateTime.ofInstant(p.at(), ZoneOffset.UTC);
                String address = p.address().toString();
                revived.setObject(1, at);
                revived.setObject(2, at);
                revived.setString(3, address);
                revived.addBatch();
                contact.setObject(1, at);
                contact.setString(2, address);
                contact.setObject(3, at.minus(CONTACT_PRECISION));
                contact.addBatch();
                agents.setObject(1, at);
                agents.setObject(2, at);
                agents.setString(3, address);
                agents.addBatch();
            }
            revived.executeBatch();
            contact.executeBatch();
            int[] updated = agents.executeBatch();
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] == 0) {
                    unknown.add(heartbeats.get(i).address());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return unknown;
    }
}
