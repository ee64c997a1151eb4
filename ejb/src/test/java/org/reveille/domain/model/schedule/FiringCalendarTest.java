package org.reveille.domain.model.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FiringCalendarTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** Shifts by 30 minutes: +10:30 in winter, +11:00 in summer, both at 02:00 local. */
    private static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");

    private static Instant i(String instant) {
        return Instant.parse(instant);
    }

    private static List<Instant> instants(String... texts) {
        return Arrays.stream(texts).map(Instant::parse).toList();
    }

    private static FiringCalendar cron(String cron, ZoneId zone) {
        return FiringCalendar.cron(CronExpression.parse(cron), zone, null, null);
    }

    /** All firings in [from, to], each checked to be later than the one before. */
    private static List<Instant> between(FiringCalendar calendar, Instant from, Instant to) {
        List<Instant> found = new ArrayList<>();
        Optional<Instant> next = calendar.nextAfter(from.minusNanos(1));
        while (next.isPresent() && !next.get().isAfter(to)) {
            if (!found.isEmpty() && !next.get().isAfter(found.get(found.size() - 1))) {
                fail("not strictly increasing: " + found.get(found.size() - 1) + " then " + next.get());
            }
            found.add(next.get());
            next = calendar.nextAfter(next.get());
        }
        return found;
    }

    /** The instants of one local day in {@code zone}, start inclusive, end exclusive. */
    private static List<Instant> onLocalDay(FiringCalendar calendar, String day, ZoneId zone) {
        LocalDate date = LocalDate.parse(day);
        return between(calendar, date.atStartOfDay(zone).toInstant(), date.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1));
    }

    private static LocalTime localTime(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toLocalTime();
    }

    // ---- spring forward: a local time in the gap fires shifted by the gap, once

    @Test
    void berlinSpringForwardFiresTheGapTimeOnceAnHourLater() {
        FiringCalendar calendar = cron("30 2 * * *", BERLIN);
        assertEquals(instants("2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"),
                calendar.next(i("2026-03-27T12:00:00Z"), 3));
        assertEquals(instants("2026-03-29T01:30:00Z"), onLocalDay(calendar, "2026-03-29", BERLIN));
        assertEquals(LocalTime.of(3, 30), localTime(i("2026-03-29T01:30:00Z"), BERLIN));
    }

    @Test
    void berlinShiftedGapTimeThatMeetsARealOneFiresOnce() {
        // 02:30 is shifted to 03:30, the real 03:30 is the same instant
        assertEquals(instants("2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z", "2026-03-29T02:30:00Z"),
                cron("30 * * * *", BERLIN).next(i("2026-03-29T00:00:00Z"), 3));
        assertEquals(23, onLocalDay(cron("30 * * * *", BERLIN), "2026-03-29", BERLIN).size());
    }

    @Test
    void newYorkSpringForward() {
        FiringCalendar calendar = cron("30 2 * * *", NEW_YORK);
        assertEquals(instants("2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z"),
                calendar.next(i("2026-03-06T12:00:00Z"), 3));
        assertEquals(instants("2026-03-08T07:30:00Z"), onLocalDay(calendar, "2026-03-08", NEW_YORK));
        assertEquals(LocalTime.of(3, 30), localTime(i("2026-03-08T07:30:00Z"), NEW_YORK));
    }

    @Test
    void newYorkEveryHalfHourAcrossSpringForwardHasNoDuplicate() {
        // 01:30 EST, 02:00 and 02:30 shifted to 03:00 and 03:30 EDT (the real ones are the same instants), 04:00 EDT
        assertEquals(instants("2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z", "2026-03-08T08:00:00Z"),
                cron("*/30 * * * *", NEW_YORK).next(i("2026-03-08T06:00:00Z"), 4));
    }

    @Test
    void lordHoweHalfHourGap() {
        // 02:00 +10:30 jumps to 02:30 +11:00: 02:15 fires at 02:45 +11:00
        FiringCalendar calendar = cron("15 2 * * *", LORD_HOWE);
        assertEquals(instants("2026-10-02T15:45:00Z", "2026-10-03T15:45:00Z", "2026-10-04T15:15:00Z"),
                calendar.next(i("2026-10-02T12:00:00Z"), 3));
        assertEquals(LocalTime.of(2, 45), localTime(i("2026-10-03T15:45:00Z"), LORD_HOWE));
    }

    // ---- fall back: a repeated local time fires once, at its first occurrence

    @Test
    void berlinFallBackFiresTheRepeatedTimeOnceAtItsFirstOccurrence() {
        FiringCalendar calendar = cron("30 2 * * *", BERLIN);
        assertEquals(instants("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"),
                calendar.next(i("2026-10-23T12:00:00Z"), 3));
        assertEquals(instants("2026-10-25T00:30:00Z"), onLocalDay(calendar, "2026-10-25", BERLIN));
        assertEquals(ZoneOffset.ofHours(2), i("2026-10-25T00:30:00Z").atZone(BERLIN).getOffset(), "summer time");
    }

    @Test
    void berlinNextAfterAnInstantInTheRepeatedHour() {
        FiringCalendar calendar = cron("30 2 * * *", BERLIN);
        Instant secondPass = i("2026-10-25T01:10:00Z");
        assertEquals(ZonedDateTime.of(LocalDateTime.parse("2026-10-25T02:10"), BERLIN).withLaterOffsetAtOverlap().toInstant(),
                secondPass, "02:10 CET, the second 02:10");
        // 02:30 fired at 02:30 CEST, before 02:10 CET
        assertEquals(Optional.of(i("2026-10-26T01:30:00Z")), calendar.nextAfter(secondPass));
        // in the first pass it is still to come
        assertEquals(Optional.of(i("2026-10-25T00:30:00Z")), calendar.nextAfter(i("2026-10-25T00:10:00Z")));
        assertEquals(Optional.of(i("2026-10-26T01:30:00Z")), calendar.nextAfter(i("2026-10-25T00:30:00Z")));
        // between the passes: after 02:59 CEST, before 02:00 CET
        assertEquals(Optional.of(i("2026-10-26T01:30:00Z")), calendar.nextAfter(i("2026-10-25T00:59:59Z")));
    }

    @Test
    void berlinEveryQuarterHourSkipsTheRepeatedHour() {
        assertEquals(instants("2026-10-25T00:15:00Z", "2026-10-25T00:30:00Z", "2026-10-25T00:45:00Z",
                        "2026-10-25T02:00:00Z", "2026-10-25T02:15:00Z"),
                cron("*/15 * * * *", BERLIN).next(i("2026-10-25T00:00:00Z"), 5));
        // from inside the second pass: the next quarter hour not yet fired is 03:00 CET
        assertEquals(Optional.of(i("2026-10-25T02:00:00Z")),
                cron("*/15 * * * *", BERLIN).nextAfter(i("2026-10-25T01:20:00Z")));
    }

    @Test
    void newYorkFallBackFiresOnceAtTheFirstOneThirty() {
        FiringCalendar calendar = cron("30 1 * * *", NEW_YORK);
        assertEquals(instants("2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"),
                calendar.next(i("2026-10-30T12:00:00Z"), 3));
        assertEquals(instants("2026-11-01T05:30:00Z"), onLocalDay(calendar, "2026-11-01", NEW_YORK));
        // 01:10 EST, in the second pass
        assertEquals(Optional.of(i("2026-11-02T06:30:00Z")), calendar.nextAfter(i("2026-11-01T06:10:00Z")));
    }

    @Test
    void newYorkHourlyOnTheFallBackDayFiresEachLocalHourOnce() {
        List<Instant> firings = onLocalDay(cron("0 * * * *", NEW_YORK), "2026-11-01", NEW_YORK);
        assertEquals(24, firings.size(), "a 25-hour day, 24 local hours");
        assertEquals(instants("2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z", "2026-11-01T08:00:00Z"),
                firings.subList(0, 4), "01:00 EDT once, then 02:00 EST: 01:00 EST (06:00Z) does not fire");
        assertEquals(i("2026-11-02T04:00:00Z"), firings.get(23));
        for (int hour = 0; hour < 24; hour++) {
            assertEquals(LocalTime.of(hour, 0), localTime(firings.get(hour), NEW_YORK));
        }
    }

    @Test
    void lordHoweHalfHourOverlap() {
        // 02:00 +11:00 falls back to 01:30 +10:30: 01:45 happens twice, fires at the first
        FiringCalendar calendar = cron("45 1 * * *", LORD_HOWE);
        assertEquals(instants("2026-04-03T14:45:00Z", "2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"),
                calendar.next(i("2026-04-03T12:00:00Z"), 3));
        // 01:30 +10:30, the second pass
        assertEquals(Optional.of(i("2026-04-05T15:15:00Z")), calendar.nextAfter(i("2026-04-04T15:00:00Z")));
        assertEquals(instants("2026-04-04T14:45:00Z", "2026-04-04T15:30:00Z", "2026-04-04T15:45:00Z", "2026-04-04T16:00:00Z"),
                cron("*/15 * * * *", LORD_HOWE).next(i("2026-04-04T14:30:00Z"), 4));
    }

    @Test
    void eachLocalTimeOfAYearFiresOnceInEveryZone() {
        // 365 days of 48 half hours; a gap time that lands on a real one fires once
        assertEquals(365 * 48 - 2, halfHoursIn2026(BERLIN));
        assertEquals(365 * 48 - 2, halfHoursIn2026(NEW_YORK));
        assertEquals(365 * 48 - 1, halfHoursIn2026(LORD_HOWE));
        assertEquals(365 * 48, halfHoursIn2026(ZoneOffset.UTC));
    }

    private static int halfHoursIn2026(ZoneId zone) {
        Instant from = LocalDate.parse("2026-01-01").atStartOfDay(zone).toInstant();
        Instant to = LocalDate.parse("2027-01-01").atStartOfDay(zone).toInstant().minusNanos(1);
        return assertTimeout(Duration.ofSeconds(10), () -> between(cron("*/30 * * * *", zone), from, to).size());
    }

    // ---- start, end, once

    @Test
    void endsAtIsInclusive() {
        FiringCalendar calendar = FiringCalendar.cron(CronExpression.parse("0 * * * *"), ZoneOffset.UTC, null,
                i("2026-01-01T03:00:00Z"));
        assertEquals(instants("2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z", "2026-01-01T03:00:00Z"),
                calendar.next(i("2026-01-01T00:30:00Z"), 10));
        assertEquals(Optional.empty(), calendar.nextAfter(i("2026-01-01T03:00:00Z")));
        assertEquals(Optional.empty(), calendar.nextAfter(i("2026-06-01T00:00:00Z")));
    }

    @Test
    void notBeforeIsInclusive() {
        CronExpression hourly = CronExpression.parse("0 * * * *");
        FiringCalendar exact = FiringCalendar.cron(hourly, ZoneOffset.UTC, i("2026-01-01T02:00:00Z"), null);
        assertEquals(Optional.of(i("2026-01-01T02:00:00Z")), exact.nextAfter(i("2026-01-01T00:00:00Z")));
        assertEquals(Optional.of(i("2026-01-01T03:00:00Z")), exact.nextAfter(i("2026-01-01T02:00:00Z")));
        FiringCalendar late = FiringCalendar.cron(hourly, ZoneOffset.UTC, i("2026-01-01T02:00:01Z"), null);
        assertEquals(Optional.of(i("2026-01-01T03:00:00Z")), late.nextAfter(i("2026-01-01T00:00:00Z")));
    }

    @Test
    void startAndEndTogether() {
        FiringCalendar calendar = FiringCalendar.cron(CronExpression.parse("0 9 * * *"), BERLIN,
                i("2026-01-02T00:00:00Z"), i("2026-01-04T08:00:00Z"));
        assertEquals(instants("2026-01-02T08:00:00Z", "2026-01-03T08:00:00Z", "2026-01-04T08:00:00Z"),
                calendar.next(i("2025-12-01T00:00:00Z"), 10));
    }

    @Test
    void endsAtBeforeNotBeforeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FiringCalendar.cron(
                CronExpression.parse("0 * * * *"), BERLIN, i("2026-01-02T00:00:00Z"), i("2026-01-01T00:00:00Z")));
        assertEquals("endsAt 2026-01-01T00:00:00Z lies before notBefore 2026-01-02T00:00:00Z", e.getMessage());
        FiringCalendar sameInstant = FiringCalendar.cron(CronExpression.parse("0 * * * *"), BERLIN,
                i("2026-01-01T00:00:00Z"), i("2026-01-01T00:00:00Z"));
        assertEquals(instants("2026-01-01T00:00:00Z"), sameInstant.next(i("2025-12-31T00:00:00Z"), 5));
    }

    @Test
    void once() {
        FiringCalendar once = FiringCalendar.once(i("2026-05-01T10:00:00Z"), BERLIN);
        assertEquals(Optional.of(i("2026-05-01T10:00:00Z")), once.nextAfter(i("2026-05-01T09:59:59.999999999Z")));
        assertEquals(Optional.empty(), once.nextAfter(i("2026-05-01T10:00:00Z")));
        assertEquals(instants("2026-05-01T10:00:00Z"), once.next(i("2020-01-01T00:00:00Z"), 10));
        assertEquals(Optional.of(i("2026-05-01T10:00:00Z")),
                once.latestAtOrBefore(i("2026-05-01T10:00:00Z"), i("2026-05-01T10:00:00Z")));
        assertEquals(Optional.empty(), once.latestAtOrBefore(i("2026-05-01T09:59:00Z"), i("2026-05-01T00:00:00Z")));
        assertEquals(Optional.empty(), once.latestAtOrBefore(i("2026-05-02T00:00:00Z"), i("2026-05-01T10:00:01Z")));
    }

    @Test
    void nextTen() {
        // weekdays at 09:00 in Berlin (CET, +01:00); 2026-01-01 is a Thursday
        List<Instant> next = cron("0 9 * * MON-FRI", BERLIN).next(i("2026-01-01T00:00:00Z"), 10);
        assertEquals(instants("2026-01-01T08:00:00Z", "2026-01-02T08:00:00Z", "2026-01-05T08:00:00Z",
                "2026-01-06T08:00:00Z", "2026-01-07T08:00:00Z", "2026-01-08T08:00:00Z", "2026-01-09T08:00:00Z",
                "2026-01-12T08:00:00Z", "2026-01-13T08:00:00Z", "2026-01-14T08:00:00Z"), next);
        assertEquals(List.of(), cron("0 9 * * *", BERLIN).next(i("2026-01-01T00:00:00Z"), 0));
        assertEquals(List.of(), cron("0 9 * * *", BERLIN).next(i("2026-01-01T00:00:00Z"), -1));
    }

    // ---- latest firing in a range

    @Test
    void latestAtOrBefore() {
        FiringCalendar hourly = cron("0 * * * *", ZoneOffset.UTC);
        assertEquals(Optional.of(i("2026-01-01T05:00:00Z")),
                hourly.latestAtOrBefore(i("2026-01-01T05:30:00Z"), i("2026-01-01T00:00:00Z")));
        assertEquals(Optional.of(i("2026-01-01T05:00:00Z")),
                hourly.latestAtOrBefore(i("2026-01-01T05:00:00Z"), i("2026-01-01T05:00:00Z")), "both ends inclusive");
        assertEquals(Optional.empty(), hourly.latestAtOrBefore(i("2026-01-01T05:59:59Z"), i("2026-01-01T05:00:01Z")));
        assertEquals(Optional.empty(), hourly.latestAtOrBefore(i("2026-01-01T04:00:00Z"), i("2026-01-01T05:00:00Z")));
    }

    @Test
    void latestAtOrBeforeRespectsStartAndEnd() {
        FiringCalendar calendar = FiringCalendar.cron(CronExpression.parse("0 * * * *"), ZoneOffset.UTC,
                i("2026-01-01T02:00:00Z"), i("2026-01-01T03:00:00Z"));
        assertEquals(Optional.of(i("2026-01-01T03:00:00Z")),
                calendar.latestAtOrBefore(i("2026-01-01T10:00:00Z"), i("2026-01-01T00:00:00Z")));
        assertEquals(Optional.empty(), calendar.latestAtOrBefore(i("2026-01-01T01:59:00Z"), i("2026-01-01T00:00:00Z")));
    }

    @Test
    void latestAtOrBeforeOverLongRangesIsQuick() {
        assertTimeout(Duration.ofSeconds(5), () -> {
            assertEquals(Optional.of(i("2029-06-01T12:34:00Z")), cron("* * * * *", ZoneOffset.UTC)
                    .latestAtOrBefore(i("2029-06-01T12:34:56Z"), i("2026-01-01T00:00:00Z")));
            // more than one four-year slice back
            assertEquals(Optional.of(i("2032-02-29T00:00:00Z")), cron("0 0 29 2 *", ZoneOffset.UTC)
                    .latestAtOrBefore(i("2033-01-01T00:00:00Z"), i("2020-01-01T00:00:00Z")));
            // 2100 is no leap year: the latest before 2104 lies more than one four-year slice back
            assertEquals(Optional.of(i("2096-02-29T00:00:00Z")), cron("0 0 29 2 *", ZoneOffset.UTC)
                    .latestAtOrBefore(i("2104-02-28T00:00:00Z"), i("2090-01-01T00:00:00Z")));
            assertEquals(Optional.of(i("2024-02-29T00:00:00Z")), cron("0 0 29 2 *", ZoneOffset.UTC)
                    .latestAtOrBefore(i("2028-02-28T23:59:59Z"), i("2000-01-01T00:00:00Z")));
            // every minute of January, eleven months back
            assertEquals(Optional.of(i("2026-01-31T23:59:00Z")), cron("* * * 1 *", ZoneOffset.UTC)
                    .latestAtOrBefore(i("2026-12-31T00:00:00Z"), i("2025-01-01T00:00:00Z")));
        });
    }

    @Test
    void latestAtOrBeforeInTheRepeatedHour() {
        // 01:20Z is 02:20 CET, the second pass; 02:30 fired at 02:30 CEST (00:30Z)
        FiringCalendar calendar = cron("30 2 * * *", BERLIN);
        assertEquals(Optional.of(i("2026-10-25T00:30:00Z")),
                calendar.latestAtOrBefore(i("2026-10-25T01:20:00Z"), i("2026-10-24T12:00:00Z")));
    }

    @Test
    void latestAtOrBeforeAgreesWithWalkingEveryFiring() {
        FiringCalendar calendar = cron("*/7 3-5 15 * MON", BERLIN);
        Instant from = i("2026-03-01T00:00:00Z");
        List<Instant> all = between(calendar, from, i("2026-04-30T00:00:00Z"));
        for (Instant t = from; t.isBefore(i("2026-04-30T00:00:00Z")); t = t.plus(Duration.ofMinutes(317))) {
            Instant at = t;
            Optional<Instant> walked = all.stream().filter(f -> !f.isAfter(at)).reduce((a, b) -> b);
            assertEquals(walked, calendar.latestAtOrBefore(t, from), "at " + t);
        }
    }
}
