package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, items 1-4: wake schedules and maintenance windows on the real server. Validation (a bad cron expression
 * named with its position), roles and ownership, pause/resume/run now, the next firings; maintenance windows refusing
 * and deferring wakes; firings by the testing clock across the daylight-saving changes of Europe/Berlin and
 * America/New_York (each spring-forward and fall-back day fires once, at the documented instant); a firing missed
 * within and beyond its grace period. The targets are MACs the inventory does not have (the jobs finish at once: the
 * clock is moved a year ahead and back, and nothing of that year may stay in flight for the classes after this one).
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScheduleIT extends ServerTestSupport {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final List<Long> CREATED = new ArrayList<>();

    @AfterAll
    static void cleanUp() {
        try {
            for (long id : CREATED) {
                delete("/api/schedules/" + id, ADMIN);
            }
            get("/api/windows?limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(w -> w.getString("name").startsWith("it-" + RUN))
                    .forEach(w -> delete("/api/windows/" + w.getJsonNumber("id"), ADMIN));
            delete("/api/collections/it-" + RUN + "-floor", ADMIN);
            delete("/api/collections/it-" + RUN + "-lab", ADMIN);
        } finally {
            delete("/api/testing/clock", ADMIN);   // later classes run on the system clock
        }
    }

    private static String schedule(String name, String when) {
        return "{\"name\":\"it-" + RUN + "-" + name + "\",\"macs\":[\"02:97:00:00:00:01\"]," + when + "}";
    }

    private static long create(String json, String[] user) {
        Reply created = post("/api/schedules", json, user);
        assertEquals(201, created.status(), created.body());
        long id = created.json().getJsonNumber("id").longValue();
        CREATED.add(id);
        return id;
    }

    private static void assertInvalid(String json, String field, String messagePart) {
        Reply reply = post("/api/schedules", json, OPERATOR);
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        JsonObject violation = reply.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .filter(v -> field.equals(v.getString("field"))).findFirst()
                .orElseThrow(() -> new AssertionError("no violation of " + field + " in " + reply.body()));
        assertTrue(violation.getString("message").contains(messagePart), violation.toString());
    }

    @Test
    @Order(1)
    void badDefinitionsAreRefusedNamingTheFieldAndThePosition() {
        assertInvalid(schedule("bad-hour", "\"cron\":\"0 25 * * *\""), "cron", "position 3");
        assertInvalid(schedule("bad-hour", "\"cron\":\"0 25 * * *\""), "cron", "hour");
        assertInvalid(schedule("four-fields", "\"cron\":\"0 6 * *\""), "cron", "5 fields");
        assertInvalid(schedule("month-name", "\"cron\":\"0 6 1 JAM *\""), "cron", "position 7");
        assertInvalid(schedule("never", "\"cron\":\"0 6 30 2 *\""), "cron", "never");
        assertInvalid(schedule("both", "\"cron\":\"0 6 * * *\",\"at\":\"2030-01-01T00:00:00Z\""), "cron", "not both");
        assertInvalid("{\"name\":\"it-" + RUN + "-neither\",\"macs\":[\"02:97:00:00:00:01\"]}", "cron", "either cron");
        assertInvalid(schedule("zone", "\"cron\":\"0 6 * * *\",\"timeZone\":\"Mars/Olympus\""), "timeZone", "IANA");
        assertInvalid(schedule("grace", "\"cron\":\"0 6 * * *\",\"grace\":\"PT10S\""), "grace", "PT1M");
        assertInvalid(schedule("spread", "\"cron\":\"0 6 * * *\",\"spread\":\"P2D\""), "spread", "PT24H");
        assertInvalid(schedule("ends", "\"cron\":\"0 6 * * *\",\"startsAt\":\"2030-01-02T00:00:00Z\",\"endsAt\":\"2030-01-01T00:00:00Z\""),
                "endsAt", "startsAt");
        assertInvalid("{\"name\":\"it-" + RUN + "-mac\",\"macs\":[\"not-a-mac\"],\"cron\":\"0 6 * * *\"}", "macs[0]", "");
        assertInvalid("{\"name\":\"\",\"macs\":[\"02:97:00:00:00:01\"],\"cron\":\"0 6 * * *\"}", "name", "non-empty");
        Reply unknown = post("/api/schedules", schedule("member", "\"cron\":\"0 6 * * *\",\"every\":\"day\""), OPERATOR);
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.body().contains("every"), unknown.body());
        // nothing of a refused definition is stored
        assertFalse(get("/api/schedules?limit=1000", ADMIN).body().contains("it-" + RUN + "-bad-hour"));
    }

    @Test
    @Order(2)
    void aScheduleIsKeptChangedPausedRunAndDeletedByItsOwnerOrAnAdmin() {
        long id = create(schedule("owned", "\"cron\":\"0 6 * * MON-FRI\",\"timeZone\":\"Europe/Berlin\",\"spread\":\"PT10M\""), OPERATOR);
        JsonObject view = get("/api/schedules/" + id, INVENTORY).json();
        assertEquals("active", view.getString("state"));
        assertEquals("operator", view.getString("createdBy"));
        assertEquals("PT10M", view.getString("spread"));
        assertEquals("PT15M", view.getString("grace"), "the default grace period");
        Instant next = Instant.parse(view.getString("nextFiringAt"));
        ZonedDateTime local = next.atZone(java.time.ZoneId.of("Europe/Berlin"));
        assertEquals(6, local.getHour());
        assertTrue(local.getDayOfWeek().getValue() <= 5, local.toString());

        JsonObject firings = get("/api/schedules/" + id + "/next?count=10", OPERATOR).json();
        List<JsonObject> times = firings.getJsonArray("firings").getValuesAs(JsonObject.class);
        assertEquals(10, times.size());
        assertEquals(next.toString(), times.get(0).getString("at"));
        for (JsonObject t : times) {
            assertTrue(t.getString("local").contains("T06:00"), t.toString());
        }
        assertEquals(400, get("/api/schedules/" + id + "/next?count=0", OPERATOR).status());

        // another non-admin user may read it but not change it; an admin may
        Reply foreign = post("/api/schedules/" + id + "/pause", "", INVENTORY);
        assertEquals(403, foreign.status(), foreign.body());
        assertTrue(foreign.body().contains("operator"), foreign.body());
        assertEquals(403, delete("/api/schedules/" + id, INVENTORY).status());
        Reply paused = post("/api/schedules/" + id + "/pause", "", ADMIN);
        assertEquals(200, paused.status(), paused.body());
        assertEquals("paused", paused.json().getString("state"));
        assertFalse(paused.json().containsKey("nextFiringAt"));
        assertEquals(0, get("/api/schedules/" + id + "/next", OPERATOR).json().getJsonArray("firings").size());
        assertEquals(409, post("/api/schedules/" + id + "/pause", "", OPERATOR).status(), "already paused");
        Reply resumed = post("/api/schedules/" + id + "/resume", "", OPERATOR);
        assertEquals(200, resumed.status(), resumed.body());
        assertEquals(next.toString(), resumed.json().getString("nextFiringAt"));

        // replaced whole: a once-schedule now
        Reply replaced = put("/api/schedules/" + id, schedule("owned", "\"at\":\"2030-01-01T05:00:00Z\""), OPERATOR);
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals("2030-01-01T05:00:00Z", replaced.json().getString("nextFiringAt"));
        assertFalse(replaced.json().containsKey("cron"));
        assertEquals(409, post("/api/schedules", schedule("owned", "\"cron\":\"0 6 * * *\""), ADMIN).status(), "the name is taken");

        // run now: an ordinary wake job linked to its schedule, recorded among the firings
        Reply run = post("/api/schedules/" + id + "/run", "", OPERATOR);
        assertEquals(202, run.status(), run.body());
        long job = run.json().getJsonNumber("jobId").longValue();
        JsonObject jobView = get("/api/jobs/" + job, OPERATOR).json();
        assertEquals("schedule", jobView.getString("source"));
        assertEquals(id, jobView.getJsonNumber("schedule").longValue());
        assertEquals("operator", jobView.getString("requestedBy"));
        JsonObject firing = get("/api/schedules/" + id + "/firings", OPERATOR).json().getJsonArray("items").getJsonObject(0);
        assertEquals("fired", firing.getString("outcome"));
        assertEquals(job, firing.getJsonNumber("job").longValue());
        assertTrue(firing.getString("reason").contains("run now by operator"), firing.toString());
        assertEquals(job, get("/api/schedules/" + id, OPERATOR).json().getJsonObject("lastFiring").getJsonNumber("job").longValue());

        Reply audit = get("/api/audit?kind=schedule-run&limit=10", ADMIN);
        assertTrue(audit.body().contains("schedule " + id), audit.body());

        assertEquals(204, delete("/api/schedules/" + id, OPERATOR).status());
        assertEquals(404, get("/api/schedules/" + id, OPERATOR).status());
        assertEquals(200, get("/api/jobs/" + job, OPERATOR).status(), "the job stays");
        assertEquals(404, delete("/api/schedules/" + id, OPERATOR).status());
        // every change is in the audit trail, by its user; the refused ones (403, 409) are not
        for (String kind : List.of("schedule-created", "schedule-changed", "schedule-paused", "schedule-resumed", "schedule-run", "schedule-deleted")) {
            List<JsonObject> entries = get("/api/audit?kind=" + kind + "&limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class)
                    .stream().filter(e -> ("schedule " + id).equals(e.getString("subject", null))).toList();
            assertEquals(1, entries.size(), kind + ": " + entries);
            assertEquals(kind.equals("schedule-paused") ? "admin" : "operator", entries.get(0).getString("user"), entries.toString());
        }
    }

    @Test
    @Order(3)
    void thePreviewShowsTheFiringsOfADefinitionWithoutStoringIt() {
        Reply preview = post("/api/schedules/preview?count=3", schedule("preview",
                "\"cron\":\"30 2 * * *\",\"timeZone\":\"Europe/Berlin\",\"startsAt\":\"2027-03-27T00:00:00Z\""), OPERATOR);
        assertEquals(200, preview.status(), preview.body());
        List<String> at = preview.json().getJsonArray("firings").getValuesAs(JsonObject.class).stream().map(f -> f.getString("at")).toList();
        // 02:30 does not exist on 2027-03-28 in Berlin: it fires once, at 03:30 CEST
        assertEquals(List.of("2027-03-27T01:30:00Z", "2027-03-28T01:30:00Z", "2027-03-29T00:30:00Z"), at);
        assertFalse(get("/api/schedules?limit=1000", ADMIN).body().contains("it-" + RUN + "-preview"));
        // the timing members alone are enough: the name and the targets may come later
        Reply timingOnly = post("/api/schedules/preview?count=1", "{\"at\":\"2030-01-01T05:00:00Z\",\"timeZone\":\"Asia/Tokyo\"}", OPERATOR);
        assertEquals(200, timingOnly.status(), timingOnly.body());
        assertEquals("2030-01-01T14:00+09:00", timingOnly.json().getJsonArray("firings").getJsonObject(0).getString("local"));
        Reply bad = post("/api/schedules/preview", schedule("preview", "\"cron\":\"0 6 * * 8\""), OPERATOR);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.body().contains("position 9"), bad.body());
    }

    @Test
    @Order(4)
    void maintenanceWindowsRefuseOrDeferWakesOfTheirCollection() {
        String floor = "it-" + RUN + "-floor";
        String lab = "it-" + RUN + "-lab";
        assertEquals(201, put("/api/collections/" + floor, "{\"members\":[\"it-" + RUN + "-pc1\"]}", INVENTORY).status());
        assertEquals(201, put("/api/collections/" + lab, "{\"members\":[\"it-" + RUN + "-pc2\"]}", INVENTORY).status());
        Instant now = serverNow();
        // a window that opens two hours from now (whole hours, UTC) and lasts an hour, refusing wakes outside it
        ZonedDateTime opens = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).plusHours(2);
        String cron = "0 " + opens.getHour() + " * * *";
        Reply badWindow = post("/api/windows", "{\"name\":\"it-" + RUN + "-bad\",\"collection\":\"" + floor + "\",\"cron\":\"61 * * * *\","
                + "\"durationMinutes\":60}", OPERATOR);
        assertEquals(400, badWindow.status(), badWindow.body());
        assertTrue(badWindow.body().contains("position 1"), badWindow.body());
        assertEquals(400, post("/api/windows", "{\"name\":\"it-" + RUN + "-none\",\"collection\":\"no-such-" + RUN + "\",\"cron\":\"0 1 * * *\","
                + "\"durationMinutes\":60}", OPERATOR).status());

        Reply refusing = post("/api/windows", "{\"name\":\"it-" + RUN + "-floor-nights\",\"collection\":\"" + floor + "\",\"cron\":\"" + cron
                + "\",\"timeZone\":\"UTC\",\"durationMinutes\":60,\"rule\":\"refuse\"}", OPERATOR);
        assertEquals(201, refusing.status(), refusing.body());
        assertFalse(refusing.json().getBoolean("openNow"));
        assertEquals(opens.toInstant().toString(), refusing.json().getString("nextOpening"));
        Reply refused = post("/api/wake", "{\"collections\":[\"" + floor + "\"]}", OPERATOR);
        assertEquals(409, refused.status(), refused.body());
        assertTrue(refused.body().contains("it-" + RUN + "-floor-nights") && refused.body().contains(opens.toInstant().toString()), refused.body());
        // a wake naming the machine directly is not governed by its collection's windows
        assertEquals(202, post("/api/wake", "{\"resourceIds\":[\"it-" + RUN + "-pc1\"]}", OPERATOR).status());

        Reply deferring = post("/api/windows", "{\"name\":\"it-" + RUN + "-lab-nights\",\"collection\":\"" + lab + "\",\"cron\":\"" + cron
                + "\",\"timeZone\":\"UTC\",\"durationMinutes\":60,\"rule\":\"defer\"}", OPERATOR);
        assertEquals(201, deferring.status(), deferring.body());
        Reply deferred = post("/api/wake", "{\"collections\":[\"" + lab + "\"]}", OPERATOR);
        assertEquals(202, deferred.status(), deferred.body());
        assertEquals(opens.toInstant().toString(), deferred.json().getString("deferredTo"));
        assertEquals("it-" + RUN + "-lab-nights", deferred.json().getString("window"));
        JsonObject job = get("/api/jobs/" + deferred.json().getJsonNumber("jobId"), OPERATOR).json();
        assertEquals(opens.toInstant().toString(), job.getString("notBefore"));
        // a wake asked for inside the window is not deferred
        Reply inside = post("/api/wake", "{\"collections\":[\"" + lab + "\"],\"notBefore\":\"" + opens.plusMinutes(10).toInstant() + "\"}", OPERATOR);
        assertEquals(202, inside.status(), inside.body());
        assertFalse(inside.json().containsKey("deferredTo"), inside.body());
        // two governed collections whose windows do not meet: refused, nothing stored
        long jobsBefore = get("/api/jobs?limit=1", ADMIN).json().getJsonNumber("total").longValue();
        long labWindow = deferring.json().getJsonNumber("id").longValue();
        Reply moved = put("/api/windows/" + labWindow, "{\"name\":\"it-" + RUN + "-lab-nights\",\"collection\":\"" + lab + "\",\"cron\":\"0 "
                + opens.plusHours(3).getHour() + " * * *\",\"timeZone\":\"UTC\",\"durationMinutes\":60,\"rule\":\"defer\"}", OPERATOR);
        assertEquals(200, moved.status(), moved.body());
        Reply apart = post("/api/wake", "{\"collections\":[\"" + lab + "\",\"" + floor + "\"],\"notBefore\":\"" + opens.plusMinutes(5).toInstant() + "\"}", OPERATOR);
        assertEquals(409, apart.status(), apart.body());
        assertEquals(jobsBefore, get("/api/jobs?limit=1", ADMIN).json().getJsonNumber("total").longValue());
        // another user may not change the window; the next openings list when each closes
        assertEquals(403, delete("/api/windows/" + labWindow, INVENTORY).status());
        JsonObject openings = get("/api/windows/" + labWindow + "/next?count=2", OPERATOR).json();
        JsonObject first = openings.getJsonArray("firings").getJsonObject(0);
        assertEquals(Instant.parse(first.getString("at")).plus(Duration.ofHours(1)).toString(), first.getString("closes"));

        // a schedule firing into a deferring window: its job starts at the opening, and the firing says so
        long id = create("{\"name\":\"it-" + RUN + "-lab-patch\",\"collections\":[\"" + lab + "\"],\"cron\":\"0 0 1 1 *\"}", OPERATOR);
        Reply run = post("/api/schedules/" + id + "/run", "", OPERATOR);
        assertEquals(202, run.status(), run.body());
        assertEquals(opens.plusHours(3).toInstant().toString(), run.json().getString("deferredTo"));
    }

    @Test
    @Order(10)
    void firingsCrossDaylightSavingChangesOnceEachAndMissedFiringsAreRecorded() throws InterruptedException {
        String mac = "\"macs\":[\"02:97:00:00:00:02\"]";
        long ny = create("{\"name\":\"it-" + RUN + "-ny-spring\"," + mac + ",\"cron\":\"30 2 * * *\",\"timeZone\":\"America/New_York\","
                + "\"startsAt\":\"2027-03-13T00:00:00Z\",\"endsAt\":\"2027-03-16T00:00:00Z\"}", OPERATOR);
        long berlin = create("{\"name\":\"it-" + RUN + "-berlin-spring\"," + mac + ",\"cron\":\"30 2 * * *\",\"timeZone\":\"Europe/Berlin\","
                + "\"startsAt\":\"2027-03-27T00:00:00Z\",\"endsAt\":\"2027-03-30T00:00:00Z\"}", OPERATOR);
        long berlinFall = create("{\"name\":\"it-" + RUN + "-berlin-fall\"," + mac + ",\"cron\":\"30 2 * * *\",\"timeZone\":\"Europe/Berlin\","
                + "\"startsAt\":\"2027-10-30T00:00:00Z\",\"endsAt\":\"2027-11-02T00:00:00Z\"}", OPERATOR);
        long nyFall = create("{\"name\":\"it-" + RUN + "-ny-fall\"," + mac + ",\"cron\":\"30 1 * * *\",\"timeZone\":\"America/New_York\","
                + "\"startsAt\":\"2027-11-06T00:00:00Z\",\"endsAt\":\"2027-11-09T00:00:00Z\"}", OPERATOR);
        long strict = create("{\"name\":\"it-" + RUN + "-strict\"," + mac + ",\"cron\":\"0 6 * * *\",\"grace\":\"PT30M\","
                + "\"startsAt\":\"2027-11-10T00:00:00Z\",\"endsAt\":\"2027-11-13T00:00:00Z\"}", OPERATOR);
        long lenient = create("{\"name\":\"it-" + RUN + "-lenient\"," + mac + ",\"cron\":\"0 6 * * *\",\"grace\":\"P2D\","
                + "\"startsAt\":\"2027-11-10T00:00:00Z\",\"endsAt\":\"2027-11-13T00:00:00Z\"}", OPERATOR);

        // New York, spring forward on 2027-03-14 (02:00 EST -> 03:00 EDT): 02:30 does not exist and fires at 03:30 EDT
        step(ny, "2027-03-13T07:30:00Z", 1);
        step(ny, "2027-03-14T07:30:00Z", 2);
        step(ny, "2027-03-15T06:30:00Z", 3);
        // Berlin, spring forward on 2027-03-28 (02:00 CET -> 03:00 CEST)
        step(berlin, "2027-03-27T01:30:00Z", 1);
        step(berlin, "2027-03-28T01:30:00Z", 2);
        step(berlin, "2027-03-29T00:30:00Z", 3);
        // Berlin, fall back on 2027-10-31 (03:00 CEST -> 02:00 CET): 02:30 happens twice and fires at the first
        step(berlinFall, "2027-10-30T00:30:00Z", 1);
        step(berlinFall, "2027-10-31T00:30:00Z", 2);
        quiet(berlinFall, "2027-10-31T01:30:00Z", 2);
        step(berlinFall, "2027-11-01T01:30:00Z", 3);
        // New York, fall back on 2027-11-07 (02:00 EDT -> 01:00 EST): 01:30 happens twice and fires at the first
        step(nyFall, "2027-11-06T05:30:00Z", 1);
        step(nyFall, "2027-11-07T05:30:00Z", 2);
        quiet(nyFall, "2027-11-07T06:30:00Z", 2);
        step(nyFall, "2027-11-08T06:30:00Z", 3);

        assertDue(ny, "2027-03-15T06:30:00Z", "2027-03-14T07:30:00Z", "2027-03-13T07:30:00Z");
        assertDue(berlin, "2027-03-29T00:30:00Z", "2027-03-28T01:30:00Z", "2027-03-27T01:30:00Z");
        assertDue(berlinFall, "2027-11-01T01:30:00Z", "2027-10-31T00:30:00Z", "2027-10-30T00:30:00Z");
        assertDue(nyFall, "2027-11-08T06:30:00Z", "2027-11-07T05:30:00Z", "2027-11-06T05:30:00Z");
        for (long id : List.of(ny, berlin, berlinFall, nyFall)) {
            JsonObject view = get("/api/schedules/" + id, OPERATOR).json();
            assertEquals("ended", view.getString("state"), view.toString());
            for (JsonObject firing : firings(id)) {
                assertEquals("fired", firing.getString("outcome"), firing.toString());
                JsonObject job = get("/api/jobs/" + firing.getJsonNumber("job"), OPERATOR).json();
                assertEquals(id, job.getJsonNumber("schedule").longValue());
            }
        }

        // downtime: nothing ran from 05:59 to 07:00 (the clock jumps); 06:00 is an hour late
        advanceTo(Instant.parse("2027-11-10T07:00:00Z"));
        awaitFirings(strict, 1);
        awaitFirings(lenient, 1);
        JsonObject missed = firings(strict).get(0);
        assertEquals("missed", missed.getString("outcome"), missed.toString());
        assertTrue(missed.getString("reason").contains("grace period of PT30M"), missed.toString());
        assertFalse(missed.containsKey("job"));
        JsonObject late = firings(lenient).get(0);
        assertEquals("fired", late.getString("outcome"), late.toString());
        assertTrue(late.getString("reason").contains("late, within the grace period"), late.toString());
        // two days later, 20 minutes after 06:00: the day in between is missed by both: beyond the grace period of the
        // strict one; within the lenient one's (two days), but superseded by the firing due today, which runs
        advanceTo(Instant.parse("2027-11-12T06:20:00Z"));
        awaitFirings(strict, 3);
        awaitFirings(lenient, 3);
        List<JsonObject> strictFirings = firings(strict);
        assertEquals(List.of("fired", "missed", "missed"), strictFirings.stream().map(f -> f.getString("outcome")).toList(), strictFirings.toString());
        List<JsonObject> lenientFirings = firings(lenient);
        assertEquals(List.of("fired", "missed", "fired"), lenientFirings.stream().map(f -> f.getString("outcome")).toList(), lenientFirings.toString());
        assertTrue(lenientFirings.get(1).getString("reason").contains("superseded"), lenientFirings.get(1).toString());
        assertTrue(countInServerLogSafely("REVEILLE00181") >= 3);
    }

    private static long countInServerLogSafely(String text) {
        try {
            return countInServerLog(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The server's clock now (the testing clock, moved by 0). */
    private static Instant serverNow() {
        Reply now = post("/api/testing/clock", "{\"advance\":\"PT0S\"}", ADMIN);
        assertEquals(200, now.status(), now.body());
        return Instant.parse(now.json().getString("now"));
    }

    private static void advanceTo(Instant target) {
        Duration by = Duration.between(serverNow(), target);
        assertFalse(by.isNegative(), "the clock is already past " + target);
        assertEquals(200, post("/api/testing/clock", "{\"advance\":\"" + by + "\"}", ADMIN).status());
    }

    /** Moves the clock a minute past {@code due} and waits for the schedule's {@code count}th firing, due then. */
    private static void step(long id, String due, int count) throws InterruptedException {
        advanceTo(Instant.parse(due).plus(Duration.ofMinutes(1)));
        awaitFirings(id, count);
        assertEquals(due, firings(id).get(0).getString("dueAt"));
    }

    /** Moves the clock a minute past {@code at} and sees no new firing over two ticks of the schedule timer. */
    private static void quiet(long id, String at, int count) throws InterruptedException {
        advanceTo(Instant.parse(at).plus(Duration.ofMinutes(1)));
        Thread.sleep(25_000);
        assertEquals(count, firings(id).size(), firings(id).toString());
    }

    private static void awaitFirings(long id, int count) throws InterruptedException {
        awaitResource("/api/schedules/" + id + "/firings", Duration.ofSeconds(60), page -> page.getJsonNumber("total").intValue() >= count);
    }

    private static List<JsonObject> firings(long id) {
        return get("/api/schedules/" + id + "/firings", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    private static void assertDue(long id, String... newestFirst) {
        List<String> due = firings(id).stream().map(f -> f.getString("dueAt")).toList();
        assertEquals(List.of(newestFirst), due);
        assertNotNull(get("/api/schedules/" + id, OPERATOR).json().getJsonObject("lastFiring"));
    }
}
