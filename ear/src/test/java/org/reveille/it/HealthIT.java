package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Readiness and liveness really test the database and the broker; WildFly's own probes and metrics are served too. */
@ExtendWith(ArquillianExtension.class)
class HealthIT extends ServerTestSupport {

    @Test
    void readyWhenDatabaseAndBrokerAnswer() {
        Reply ready = getAbsolute(BASE + "/health/ready");
        assertEquals(200, ready.status(), ready.body());
        Map<String, JsonObject> checks = checks(ready.json());
        assertTrue(checks.containsKey("reveille-database") && checks.containsKey("reveille-messaging"), ready.body());
        assertEquals("UP", checks.get("reveille-database").getString("status"));
        assertEquals("UP", checks.get("reveille-messaging").getString("status"));
        assertEquals("reachable", checks.get("reveille-messaging").getJsonObject("data").getString("ReveilleBulkWakeRequests"));

        Reply live = getAbsolute(BASE + "/health/live");
        assertEquals(200, live.status(), live.body());
        assertEquals("UP", live.json().getString("status"));

        Reply server = getAbsolute(MANAGEMENT + "/health/ready");
        assertEquals(200, server.status(), server.body());
        assertTrue(server.body().contains("deployments-status"), server.body());
    }

    /** The default configuration has no cluster: the server reports itself alone (GET /api/cluster, docs/cluster.md). */
    @Test
    void aSingleServerIsAloneInItsCluster() {
        Reply cluster = get("/api/cluster", OPERATOR);
        assertEquals(200, cluster.status(), cluster.body());
        JsonObject view = cluster.json();
        assertEquals(false, view.getBoolean("clustered"), cluster.body());
        assertEquals(1, view.getJsonArray("members").size(), cluster.body());
        assertEquals(view.getString("node"), view.getJsonArray("members").getString(0), cluster.body());
        assertEquals(403, get("/api/cluster", INVENTORY).status(), "inventory systems do not read the cluster");
    }

    @Test
    void metricsAreServed() {
        Reply metrics = getAbsolute(MANAGEMENT + "/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("base_memory") || metrics.body().contains("jvm"), metrics.body().substring(0, Math.min(300, metrics.body().length())));
    }

    /**
     * Makes the database refuse the server (its login role loses LOGIN and its sessions are ended) and expects
     * readiness DOWN, then restores it and expects UP again. Needs the PostgreSQL run: the embedded H2 database
     * lives inside the server process and cannot be taken away from it.
     */
    @Test
    void downWhileTheDatabaseRefusesConnections() throws Exception {
        Assumptions.assumeTrue(onPostgreSql(), "SKIPPED LOUDLY: the database-down readiness test needs the PostgreSQL run "
                + "(-Preveille-postgresql); embedded H2 cannot be made unreachable from outside the server");
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement sql = admin.createStatement()) {
            try {
                sql.execute("ALTER ROLE reveille_it NOLOGIN");
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'reveille_it'");
                Reply down = awaitReadiness(503);
                assertEquals("DOWN", checks(down.json()).get("reveille-database").getString("status"), down.body());
                assertEquals("UP", checks(down.json()).get("reveille-messaging").getString("status"));
            } finally {
                sql.execute("ALTER ROLE reveille_it LOGIN");
            }
            Reply up = awaitReadiness(200);
            assertEquals("UP", checks(up.json()).get("reveille-database").getString("status"));
        }
    }

    private static Reply awaitReadiness(int status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Reply reply;
        do {
            reply = getAbsolute(BASE + "/health/ready");
            if (reply.status() == status) {
                return reply;
            }
            Thread.sleep(500);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("readiness never answered " + status + "; last: " + reply.status() + " " + reply.body());
    }

    private static Map<String, JsonObject> checks(JsonObject health) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(c -> c.getString("name"), c -> c, (a, b) -> a));
    }
}
