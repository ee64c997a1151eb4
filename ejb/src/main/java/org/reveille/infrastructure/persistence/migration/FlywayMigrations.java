package org.reveille.infrastructure.persistence.migration;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** The one Flyway configuration, used by the server at deployment and by the tests that run the same migrations. */
public final class FlywayMigrations {

    private FlywayMigrations() {
    }

    public static MigrateResult migrate(DataSource dataSource, ClassLoader classLoader) {
        return Flyway.configure(classLoader)
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .validateMigrationNaming(true)
                .load()
                .migrate();
    }
}
