package org.reveille.infrastructure.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh, empty database for one test: in-memory H2 always, and a new database on the local PostgreSQL
 * (127.0.0.1:5432, trust authentication) as well when the build runs with -Preveille-postgresql.
 */
enum TestDatabase {
    H2, POSTGRESQL;

    /** The databases this run tests against. */
    static java.util.stream.Stream<TestDatabase> enabled() {
        return Boolean.getBoolean("reveille.it.postgresql") ? java.util.stream.Stream.of(H2, POSTGRESQL) : java.util.stream.Stream.of(H2);
    }

    private static final java.util.List<String> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Drops the PostgreSQL databases this run created. */
    static void dropCreated() throws SQLException {
        if (CREATED.isEmpty()) {
            return;
        }
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement sql = admin.createStatement()) {
            for (String name : CREATED) {
                sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
        CREATED.clear();
    }

    /** {@code bean} (a bean of the server, made with {@code new}) with {@code db} as its injected data source. */
    static <T> T withDataSource(T bean, DataSource db) throws ReflectiveOperationException {
        java.lang.reflect.Field field = bean.getClass().getDeclaredField("dataSource");
        field.setAccessible(true);
        field.set(bean, db);
        return bean;
    }

    DataSource fresh(String purpose) throws SQLException {
        String name = (purpose + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        if (this == POSTGRESQL) {
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                 Statement sql = admin.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS " + name);
                sql.execute("CREATE DATABASE " + name);
            }
            CREATED.add(name);
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl("jdbc:postgresql://127.0.0.1:5432/" + name);
            ds.setUser("postgres");
            return ds;
        }
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        ds.setUser("sa");
        return ds;
    }
}
