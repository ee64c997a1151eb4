package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, items 6 and 7 (the part built): the hourly coverage history on the real server. The server writes this
 * hour's sample within 30 s of its start; the API returns it as JSON and CSV with the same numbers, each subnet counted
 * once; bad parameters are refused naming them. Finished jobs are added to the daily history, and the retention removes
 * both histories (last: it moves the server's testing clock).
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(OrderAnnotation.class)
class InsightIT extends ServerTestSupport {

    @Test
    @Order(1)
    void thisHoursCoverageIsRecordedAndExportedAsJsonAndCsv() throws Exception {
        Instant serverNow = Instant.parse(post("/api/testing/clock", "{\"advance\":\"PT0S\"}", ADMIN).json().getString("now"));
        // this hour's sample, or the next hour's when the hour turns while the test waits
        List<String> hours = List.of(serverNow.truncatedTo(ChronoUnit.HOURS).toString(),
                serverNow.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)).toString());
        JsonObject coverage = awaitResource("/api/insight/coverage?to=" + serverNow.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2)),
                Duration.ofSeconds(90), c -> c.getJsonArray("points").getValuesAs(JsonObject.class).stream().anyMatch(p -> hours.contains(p.getString("hour"))));
        String hour = coverage.getJsonArray("points").getValuesAs(JsonObject.class).stream().map(p -> p.getString("hour"))
                .filter(hours::contains).findFirst().orElseThrow();
        List<JsonObject> points = coverage.getJsonArray("points").getValuesAs(JsonObject.class);
        for (JsonObject p : points) {
            assertEquals(p.getInt("subnets"), p.getInt("primaryAndAlternate") + p.getInt("oneAgent") + p.getInt("none") + p.getInt("unreachable"),
                    "each subnet counted once: " + p);
            assertTrue(p.getInt("agents") >= 0, p.toString());
        }
        JsonObject now = points.stream().filter(p -> hour.equals(p.getString("hour"))).findFirst().orElseThrow();

        Reply csv = get("/api/insight/coverage?format=csv&to=" + serverNow.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2)), OPERATOR);
        assertEquals(200, csv.status(), csv.body());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        List<String> lines = csv.body().lines().toList();
        assertEquals("hour,subnets,primaryAndAlternate,oneAgent,none,unreachable,agents", lines.get(0));
        assertEquals(points.size() + 1, lines.size(), csv.body());
        assertTrue(lines.contains(String.join(",", hour, String.valueOf(now.getInt("subnets")), String.valueOf(now.getInt("primaryAndAlternate")),
                String.valueOf(now.getInt("oneAgent")), String.valueOf(now.getInt("none")), String.valueOf(now.getInt("unreachable")),
                String.valueOf(now.getInt("agents")))), csv.body());

        // a span that ends before this hour has no sample of it
        JsonObject earlier = get("/api/insight/coverage?to=" + hour, INVENTORY).json();
        assertTrue(earlier.getJsonArray("points").getValuesAs(JsonObject.class).stream().noneMatch(p -> hour.equals(p.getString("hour"))));

        for (String bad : List.of("from=yesterday", "format=xml", "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
                "from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")) {
            Reply refused = get("/api/insight/coverage?" + bad, OPERATOR);
            assertEquals(400, refused.status(), bad + ": " + refused.body());
            assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        }
        assertEquals(401, get("/api/insight/coverage", null).status());
    }

    /**
     * A job whose targets are skipped (unknown names) and one whose target fails (its subnet, 127.97.14.0/24, has no
     * agent) are added to today's history when they finish: outcomes by reason, the failing subnet, and no sent target
     * in the latency of either.
     */
    @Test
    @Order(2)
    void finishedJobsAreAddedToTheDailyHistory() throws Exception {
        JsonObject settings = get("/api/settings", ADMIN).json();
        assertEquals(201, post("/api/boundaries", "{\"subnet\":\"127.97.14.0/24\",\"source\":\"insight-it\"}", ADMIN).status());
        try {
            assertEquals(200, put("/api/settings", "{\"wakeDiscoveryWaitSeconds\":1}", ADMIN).status());
            assertEquals(200, put("/api/inventory/machines", "{\"machines\":[{\"resourceId\":\"insight-it-pc\",\"name\":\"insight-it-pc\","
                    + "\"chassis\":\"workstation\",\"nics\":[{\"mac\":\"02:97:0e:00:00:01\",\"ip\":\"127.97.14.10\",\"subnet\":\"127.97.14.0/24\"}]}]}",
                    INVENTORY).status());
            long skippedBefore = outcome("skipped", "unknown-target");
            long failedBefore = outcome("failed", "no-agent");
            long subnetBefore = failing("127.97.14.0/24");

            Reply skipped = post("/api/wake", "{\"names\":[\"insight-it-nobody-1\",\"insight-it-nobody-2\"]}", OPERATOR);
            assertEquals(202, skipped.status(), skipped.body());
            Reply failing = post("/api/wake", "{\"resourceIds\":[\"insight-it-pc\"]}", OPERATOR);
            assertEquals(202, failing.status(), failing.body());
            awaitResource("/api/jobs/" + failing.json().getJsonNumber("jobId"), Duration.ofSeconds(90), j -> "done".equals(j.getString("state")));
            // the monitor finishes the job and rolls it up in one transaction: the history follows within its next look
            awaitResource("/api/insight/failing-subnets?days=2&limit=100", Duration.ofSeconds(30),
                    f -> f.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                            .anyMatch(i -> "127.97.14.0/24".equals(i.getString("subnet")) && i.getJsonNumber("failed").longValue() > subnetBefore));
            assertEquals(skippedBefore + 2, outcome("skipped", "unknown-target"));
            assertEquals(failedBefore + 1, outcome("failed", "no-agent"));
            assertEquals(subnetBefore + 1, failing("127.97.14.0/24"));
            JsonObject latency = get("/api/insight/latency?days=2", OPERATOR).json();
            assertTrue(latency.containsKey("items"), latency.toString());
            for (String bad : List.of("days=0", "days=401", "days=x")) {
                assertEquals(400, get("/api/insight/outcomes?" + bad, OPERATOR).status(), bad);
            }
            assertEquals(400, get("/api/insight/failing-subnets?limit=0", OPERATOR).status());
        } finally {
            put("/api/settings", "{\"wakeDiscoveryWaitSeconds\":" + settings.getInt("wakeDiscoveryWaitSeconds") + "}", ADMIN);
            get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(b -> "insight-it".equals(b.getString("source", "")))
                    .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
            removeSubnets("127.97.14.");
        }
    }

    /**
     * Last: three days later by the testing clock, lowering {@code historyRetentionDays} to 2 applies it at once and
     * removes every coverage sample and daily row the run has written (all older than two days by then), and says so
     * in the log; the API then has nothing for those days.
     */
    @Test
    @Order(3)
    void theRetentionRemovesOldHistoryAtOnceWhenTheSettingChanges() throws Exception {
        Instant serverNow = Instant.parse(post("/api/testing/clock", "{\"advance\":\"PT0S\"}", ADMIN).json().getString("now"));
        String span = "from=" + serverNow.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS)
                + "&to=" + serverNow.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2));
        assertTrue(!get("/api/insight/coverage?" + span, OPERATOR).json().getJsonArray("points").isEmpty(), "the first test's sample is there");
        assertTrue(!get("/api/insight/outcomes?days=2", OPERATOR).json().getJsonArray("items").isEmpty(), "the second test's jobs are there");
        int retention = get("/api/settings", ADMIN).json().getInt("historyRetentionDays");
        long purgedBefore = countInServerLog("REVEILLE00188");
        try {
            assertEquals(200, post("/api/testing/clock", "{\"advance\":\"P3D\"}", ADMIN).status());
            assertEquals(200, put("/api/settings", "{\"historyRetentionDays\":2}", ADMIN).status());
            awaitResource("/api/insight/coverage?" + span, Duration.ofSeconds(30), c -> c.getJsonArray("points").isEmpty());
            // five days back from the moved clock's today reach the days the run wrote
            assertTrue(get("/api/insight/outcomes?days=5", OPERATOR).json().getJsonArray("items").isEmpty(), "outcomes");
            assertTrue(get("/api/insight/latency?days=5", OPERATOR).json().getJsonArray("items").isEmpty(), "latency");
            assertTrue(get("/api/insight/failing-subnets?days=5&limit=100", OPERATOR).json().getJsonArray("items").isEmpty(), "failing-subnets");
            assertTrue(countInServerLog("REVEILLE00188") > purgedBefore, "the removal is logged");
            assertEquals(400, put("/api/settings", "{\"historyRetentionDays\":0}", ADMIN).status());
        } finally {
            // the clock first: the setting's change then samples this hour again, so that later tests find coverage
            delete("/api/testing/clock", ADMIN);
            put("/api/settings", "{\"historyRetentionDays\":" + retention + "}", ADMIN);
        }
        awaitResource("/api/insight/coverage?" + span, Duration.ofSeconds(30), c -> !c.getJsonArray("points").isEmpty());
    }

    /** Today's and yesterday's targets of this outcome and reason (a run around midnight UTC spans both). */
    private static long outcome(String outcome, String reason) {
        return get("/api/insight/outcomes?days=2", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(o -> outcome.equals(o.getString("outcome")) && reason.equals(o.getString("reason")))
                .mapToLong(o -> o.getJsonNumber("targets").longValue()).sum();
    }

    private static long failing(String subnet) {
        return get("/api/insight/failing-subnets?days=2&limit=100", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(i -> subnet.equals(i.getString("subnet"))).mapToLong(i -> i.getJsonNumber("failed").longValue()).sum();
    }
}
