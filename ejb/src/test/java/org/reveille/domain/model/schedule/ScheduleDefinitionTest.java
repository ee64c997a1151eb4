package org.reveille.domain.model.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.domain.model.collection.MachineCollection;

/** Schedule and window definitions as the edge hands them over, and the entities' firing rules. */
class ScheduleDefinitionTest {

    private static ScheduleDefinition daily(String cron, String zone, String startsAt, String endsAt) {
        return ScheduleDefinition.of("patch night", null, null, null, List.of("floor-3"), null, null, cron, null, zone, startsAt, endsAt,
                null, null);
    }

    private static Map<String, String> violations(Runnable definition) {
        InvalidInputException e = assertThrows(InvalidInputException.class, definition::run);
        return e.violations().stream().collect(Collectors.toMap(Violation::field, Violation::message, (a, b) -> a + " | " + b));
    }

    @Test
    void everyBadValueIsNamedByItsFieldInOneRefusal() {
        Map<String, String> bad = violations(() -> ScheduleDefinition.of(" ", "x".repeat(1025), null, null, null, List.of("zz"), null,
                "0 25 * * *", null, "Nowhere/City", "yesterday", null, "PT25H", "PT30S"));
        assertTrue(bad.get("name").contains("non-empty"), bad.toString());
        assertTrue(bad.get("description").contains("1024"), bad.toString());
        assertTrue(bad.containsKey("macs[0]"), bad.toString());
        assertEquals("position 3: hour 25 is out of range 0-23", bad.get("cron"));
        assertTrue(bad.get("timeZone").contains("IANA"), bad.toString());
        assertTrue(bad.get("startsAt").contains("ISO-8601"), bad.toString());
        assertTrue(bad.get("spread").contains("PT24H"), bad.toString());
        assertTrue(bad.get("grace").contains("PT1M"), bad.toString());
    }

    @Test
    void exactlyOneOfCronAndAtAndAOnceScheduleHasNoStartOrEnd() {
        assertTrue(violations(() -> ScheduleDefinition.of("a", null, List.of("pc"), null, null, null, null, null, null, null, null, null, null, null))
                .get("cron").contains("either"));
        assertTrue(violations(() -> ScheduleDefinition.of("a", null, List.of("pc"), null, null, null, null, "@daily", "2030-01-01T00:00:00Z",
                null, null, null, null, null)).get("cron").contains("not both"));
        assertTrue(violations(() -> ScheduleDefinition.of("a", null, List.of("pc"), null, null, null, null, null, "2030-01-01T00:00:00Z",
                null, "2029-01-01T00:00:00Z", null, null, null)).containsKey("startsAt"));
        assertTrue(violations(() -> daily("@daily", null, "2030-01-02T00:00:00Z", "2030-01-01T00:00:00Z")).containsKey("endsAt"));
        assertTrue(violations(() -> ScheduleDefinition.of("a", null, null, null, null, null, null, "@daily", null, null, null, null, null, null))
                .containsKey(""), "no target");
    }

    @Test
    void defaultsAreUtcNoSpreadAndFifteenMinutesOfGrace() {
        ScheduleDefinition d = daily("0 6 * * *", null, null, null);
        assertEquals("UTC", d.zone().getId());
        assertEquals(Duration.ZERO, d.spread());
        assertEquals(Duration.ofMinutes(15), d.grace());
        assertEquals("patch night", d.name());
        assertFalse(d.verify());
    }

    @Test
    void aScheduleMovesFromFiringToFiringAndEndsAfterItsLast() {
        Instant now = Instant.parse("2027-03-26T12:00:00Z");
        WakeSchedule s = new WakeSchedule(daily("30 2 * * *", "Europe/Berlin", "2027-03-27T00:00:00Z", "2027-03-29T23:59:00Z"), "alice", now);
        assertEquals(WakeSchedule.State.ACTIVE, s.state());
        assertEquals(Instant.parse("2027-03-27T01:30:00Z"), s.nextFiringAt());
        s.firedOrPassed(s.nextFiringAt(), now);
        assertEquals(Instant.parse("2027-03-28T01:30:00Z"), s.nextFiringAt(), "02:30 does not exist that day: 03:30 CEST");
        s.firedOrPassed(s.nextFiringAt(), now);
        assertEquals(Instant.parse("2027-03-29T00:30:00Z"), s.nextFiringAt());
        s.firedOrPassed(s.nextFiringAt(), now);
        assertEquals(WakeSchedule.State.ENDED, s.state());
        assertNull(s.nextFiringAt());
    }

    @Test
    void pausedFiringsAreNotMadeUpAndAOnceScheduleAtNowStillFires() {
        Instant now = Instant.parse("2027-01-01T00:00:00Z");
        WakeSchedule s = new WakeSchedule(daily("0 6 * * *", null, null, null), "alice", now);
        s.pause(now);
        assertEquals(WakeSchedule.State.PAUSED, s.state());
        assertNull(s.nextFiringAt());
        s.resume(Instant.parse("2027-01-03T07:00:00Z"));
        assertEquals(Instant.parse("2027-01-04T06:00:00Z"), s.nextFiringAt());
        WakeSchedule once = new WakeSchedule(ScheduleDefinition.of("once", null, List.of("pc"), null, null, null, null, null, now.toString(),
                null, null, null, null, null), "bob", now);
        assertEquals(now, once.nextFiringAt());
        assertTrue(once.ownedBy("bob"));
        assertFalse(once.ownedBy("alice"));
    }

    @Test
    void aWindowIsOpenFromItsOpeningForItsDuration() {
        WindowDefinition definition = WindowDefinition.of("nights", "floor-3", "0 22 * * MON-FRI", "Europe/Berlin", 240, "refuse");
        MaintenanceWindow w = new MaintenanceWindow(definition, new MachineCollection("floor-3", java.util.Set.of(), Instant.EPOCH), "alice", Instant.EPOCH);
        // Friday 2027-01-08 22:00 CET = 21:00Z, open until 01:00Z
        assertFalse(w.isOpenAt(Instant.parse("2027-01-08T20:59:59Z")));
        assertTrue(w.isOpenAt(Instant.parse("2027-01-08T21:00:00Z")));
        assertTrue(w.isOpenAt(Instant.parse("2027-01-09T00:59:59Z")));
        assertFalse(w.isOpenAt(Instant.parse("2027-01-09T01:00:00Z")), "closed after its duration");
        assertEquals(Instant.parse("2027-01-11T21:00:00Z"), w.nextOpening(Instant.parse("2027-01-09T01:00:00Z")).orElseThrow(), "Monday next");
        assertEquals(MaintenanceWindow.Rule.REFUSE, w.rule());
    }

    @Test
    void aBadWindowIsRefusedNamingEachField() {
        Map<String, String> bad = violations(() -> WindowDefinition.of(null, "", "0 22 * *", "Europe/Nowhere", 0, "sometimes"));
        assertTrue(bad.keySet().containsAll(List.of("name", "collection", "cron", "timeZone", "durationMinutes", "rule")), bad.toString());
        assertTrue(violations(() -> WindowDefinition.of("n", "c", "0 22 * * *", null, 10081, null)).get("durationMinutes").contains("10080"));
    }
}
