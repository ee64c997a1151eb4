package org.reveille.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.reveille.application.port.WakeRecords;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.domain.model.wake.WakeJobItem;

/**
 * {@link WakeRecords} with plain JDBC batches on the data source the entity manager uses (enlisted in the caller's
 * transaction), so that 100,000 targets cost neither entities nor Hibernate's flush. Target ids come from the same
 * sequence as {@link org.reveille.domain.model.wake.WakeTarget}'s generator, read the way Hibernate's pooled
 * optimizer reads it (each value the top of a block of {@value #BLOCK}), so ids written here and by Hibernate never
 * meet.
 */
@ApplicationScoped
public class JdbcWakeRecords implements WakeRecords {

    /** The sequence's increment: the allocationSize of WakeTarget's generator (V1 creates it INCREMENT BY 50). */
    static final int BLOCK = 50;
    private static final int BATCH = 500;

    private static final String ITEM = "INSERT INTO wake_job_item (job_id, position, kind, item) VALUES (?, ?, ?, ?)";
    private static final String TARGET = "INSERT INTO wake_target (id, job_id, requested_as, resource_id, machine_name,"
            + " mac, ip, subnet, state, reason, updated_at, attempts, concluded, version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0)";

    @Resource(lookup = "java:jboss/datasources/ReveilleDS")
    private DataSource dataSource;

    @Override
    public void items(long jobId, List<WakeJobItem> items) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(ITEM)) {
            for (int i = 0; i < items.size(); i++) {
                WakeJobItem item = items.get(i);
                insert.setLong(1, jobId);
                insert.setInt(2, i);
                insert.setString(3, item.kind().name());
                insert.setString(4, item.item());
                insert.addBatch();
                if ((i + 1) % BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the items of wake job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long[] targets(long jobId, List<NewTarget> targets, Instant now) {
        long[] ids = new long[targets.size()];
        if (targets.isEmpty()) {
            return ids;
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            allocate(connection, ids);
            try (PreparedStatement insert = connection.prepareStatement(TARGET)) {
                for (int i = 0; i < ids.length; i++) {
                    NewTarget t = targets.get(i);
                    insert.setLong(1, ids[i]);
                    insert.setLong(2, jobId);
                    insert.setString(3, t.requestedAs());
                    text(insert, 4, t.resourceId());
                    text(insert, 5, t.machineName());
                    text(insert, 6, t.mac() == null ? null : t.mac().toString());
                    text(insert, 7, t.ip() == null ? null : t.ip().toString());
                    text(insert, 8, t.subnet() == null ? null : t.subnet().toString());
                    insert.setString(9, (t.queued() ? TargetState.QUEUED : TargetState.SKIPPED).name());
                    text(insert, 10, t.skippedBecause());
                    insert.setObject(11, at);
                    insert.setBoolean(12, !t.queued());   // a skipped target is concluded, as WakeTarget.moveTo does
                    insert.addBatch();
                    if ((i + 1) % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the targets of wake job " + jobId + ": " + e.getMessage(), e);
        }
        return ids;
    }

    private static void text(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    /**
     * Fills {@code ids} from blocks of the sequence, one statement for all the blocks. A value v stands for the ids
     * v-49 … v, as for Hibernate's pooled optimizer; values up to 2 × {@value #BLOCK} - 49 are not used, because
     * Hibernate, when the first value it reads is the sequence's start (1), takes the ids 1 … of its second value.
     */
    private static void allocate(Connection connection, long[] ids) throws SQLException {
        int blocks = (ids.length + BLOCK - 1) / BLOCK + 2;   // two spare for the values below the threshold
        boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        String sql = postgres ? "SELECT nextval('wake_target_seq') FROM generate_series(1, ?)"
                : "SELECT NEXT VALUE FOR wake_target_seq FROM SYSTEM_RANGE(1, ?)";
        int filled = 0;
        long previous = Long.MIN_VALUE;
        while (filled < ids.length) {
            try (PreparedStatement next = connection.prepareStatement(sql)) {
                next.setInt(1, blocks);
                try (ResultSet values = next.executeQuery()) {
                    while (values.next() && filled < ids.length) {
                        long top = values.getLong(1);
                        if (top == previous) {
                            throw new IllegalStateException("the database returned the value " + top
                                    + " of wake_target_seq twice in one statement");
                        }
                        previous = top;
                        if (top < 2L * BLOCK) {
                            continue;
                        }
                        for (long id = top - BLOCK + 1; id <= top && filled < ids.length; id++) {
                            ids[filled++] = id;
                        }
                    }
                }
            }
        }
    }
}
