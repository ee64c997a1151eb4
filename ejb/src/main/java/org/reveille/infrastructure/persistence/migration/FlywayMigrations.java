package org.reveille.infrastructure.persistence.migration;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The one Flyway configuration, used by the server at deployment and by the tests that run the same migrations.
 *
 * <p>Flyway refuses to start on a schema that holds tables but no history of its own. One table may come first on a
 * fresh database: {@value #CLUSTER_DISCOVERY_TABLE}, which the cluster nodes' JGroups (JDBC_PING,
 * wildfly-config/reveille-ha.cli) creates when its channel starts, and WildFly's HA profile starts it during the
 * deployment, before this migration (docs/cluster.md, "The nodes"). When that table is all the schema holds, the
 * history starts at version 0 and every migration runs; any other table still stops the migration.
 */
public final class FlywayMigrations {

    /** JGroups' discovery table of the cluster nodes (JDBC_PING's default name). */
    public static final String CLUSTER_DISCOVERY_TABLE = "jgroupsping";
    private static final String HISTORY_TABLE = "flyway_schema_history";

    private FlywayMigrations() {
    }

    public static MigrateResult migrate(DataSource dataSource, ClassLoader classLoader) {
        FluentConfiguration configuration = Flyway.configure(classLoader)
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .validateMigrationNaming(true);
        if (onlyClusterDiscoveryTable(dataSource)) {
            configuration.baselineOnMigrate(true).baselineVersion("0")
                    .baselineDescription("fresh database holding only the cluster discovery table " + CLUSTER_DISCOVERY_TABLE);
        }
        return configuration.load().migrate();
    }

    /** Whether the schema holds the cluster discovery table and nothing else (no history, no other table). */
    static boolean onlyClusterDiscoveryTable(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            Set<String> tables = new TreeSet<>();
            try (ResultSet rows = metaData.getTables(connection.getCatalog(), connection.getSchema(), "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                }
            }
            return tables.equals(Set.of(CLUSTER_DISCOVERY_TABLE)) && !tables.contains(HISTORY_TABLE);
        } catch (SQLException e) {
            throw new FlywayException("cannot list the tables of the database before migrating it: " + e.getMessage(), e);
        }
    }
}
