package org.reveille.domain.model.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CronExpressionTest {

    private static LocalDateTime t(String local) {
        return LocalDateTime.parse(local);
    }

    /** The first {@code count} matches strictly after {@code after}. */
    private static List<LocalDateTime> firings(String cron, String after, int count) {
        CronExpression expression = CronExpression.parse(cron);
        List<LocalDateTime> found = new ArrayList<>();
        LocalDateTime cursor = t(after);
        for (int i = 0; i < count; i++) {
            cursor = expression.nextLocal(cursor).orElseThrow();
            found.add(cursor);
        }
        return found;
    }

    private static List<LocalDateTime> times(String... locals) {
        return Arrays.stream(locals).map(LocalDateTime::parse).toList();
    }

    private static void assertError(String text, int position, String message) {
        CronSyntaxException e = assertThrows(CronSyntaxException.class, () -> CronExpression.parse(text), text);
        assertEquals(position, e.position(), "position for '" + text + "'");
        assertEquals(message, e.getMessage(), "message for '" + text + "'");
    }

    // ---- forms

    @Test
    void everyMinuteIsStrictlyLaterThanAfterWhateverItsSeconds() {
        CronExpression every = CronExpression.parse("* * * * *");
        assertEquals(t("2026-01-01T00:01"), every.nextLocal(t("2026-01-01T00:00")).orElseThrow());
        assertEquals(t("2026-01-01T00:01"), every.nextLocal(t("2026-01-01T00:00:30")).orElseThrow());
        assertEquals(t("2026-01-01T00:01"), every.nextLocal(t("2026-01-01T00:00:59.999999999")).orElseThrow());
        assertEquals(t("2026-01-01T00:02"), every.nextLocal(t("2026-01-01T00:01")).orElseThrow());
    }

    @Test
    void numbers() {
        assertEquals(times("2026-01-02T04:05", "2026-01-03T04:05"), firings("5 4 * * *", "2026-01-01T04:05", 2));
    }

    @Test
    void ranges() {
        assertEquals(times("2026-01-01T09:00", "2026-01-01T10:00", "2026-01-01T11:00", "2026-01-02T09:00"),
                firings("0 9-11 * * *", "2026-01-01T00:00", 4));
    }

    @Test
    void lists() {
        assertEquals(times("2026-01-01T00:15", "2026-01-01T00:45", "2026-01-01T01:00"),
                firings("0,15,45 * * * *", "2026-01-01T00:00", 3));
    }

    @Test
    void steps() {
        assertEquals(times("2026-01-01T00:20", "2026-01-01T00:40", "2026-01-01T01:00"),
                firings("*/20 * * * *", "2026-01-01T00:00", 3));
        assertEquals(times("2026-01-01T00:10", "2026-01-01T00:20", "2026-01-01T00:30", "2026-01-01T01:10"),
                firings("10-30/10 * * * *", "2026-01-01T00:00", 4));
        // a/n runs from a to the end of the field
        assertEquals(times("2026-01-01T00:50", "2026-01-01T00:55", "2026-01-01T01:50"),
                firings("50/5 * * * *", "2026-01-01T00:00", 3));
        assertEquals(times("2026-01-01T06:00", "2026-01-01T12:00", "2026-01-01T18:00", "2026-01-02T00:00"),
                firings("0 */6 * * *", "2026-01-01T00:00", 4));
        // mixed in a list
        assertEquals(times("2026-01-01T00:05", "2026-01-01T00:30", "2026-01-01T00:45", "2026-01-01T01:05"),
                firings("5,30-59/15 * * * *", "2026-01-01T00:00", 4));
    }

    @Test
    void monthNamesInAnyCaseAndInRanges() {
        assertEquals(times("2026-07-01T00:00", "2027-01-01T00:00"), firings("0 0 1 JAN,jul *", "2026-01-01T00:00", 2));
        assertEquals(times("2026-03-01T00:00", "2026-04-01T00:00", "2026-05-01T00:00", "2027-03-01T00:00"),
                firings("0 0 1 mar-May *", "2026-01-01T00:00", 4));
    }

    @Test
    void dayNamesInAnyCaseAndInRanges() {
        // 2026-01-03 is a Saturday
        assertEquals(times("2026-01-05T09:00", "2026-01-06T09:00"), firings("0 9 * * MON-FRI", "2026-01-03T00:00", 2));
        assertEquals(times("2026-01-03T09:00", "2026-01-04T09:00", "2026-01-10T09:00"),
                firings("0 9 * * sat,Sun", "2026-01-01T00:00", 3));
    }

    @Test
    void sevenIsSundayLikeZero() {
        // 2026-01-04 is a Sunday
        assertEquals(times("2026-01-04T00:00", "2026-01-11T00:00"), firings("0 0 * * 7", "2026-01-01T00:00", 2));
        assertEquals(times("2026-01-04T00:00", "2026-01-11T00:00"), firings("0 0 * * 0", "2026-01-01T00:00", 2));
        assertEquals(times("2026-01-02T00:00", "2026-01-03T00:00", "2026-01-04T00:00", "2026-01-09T00:00"),
                firings("0 0 * * 5-7", "2026-01-01T00:00", 4));
        assertEquals(times("2026-01-03T00:00", "2026-01-04T00:00", "2026-01-10T00:00"),
                firings("0 0 * * SAT-7", "2026-01-01T00:00", 3));
    }

    @Test
    void dayOfMonthOrDayOfWeekWhenBothAreRestricted() {
        // Fridays and the 13th (a Tuesday in January 2026)
        assertEquals(times("2026-01-02T00:00", "2026-01-09T00:00", "2026-01-13T00:00", "2026-01-16T00:00"),
                firings("0 0 13 * FRI", "2026-01-01T00:00", 4));
        // day-of-month *: Fridays only
        assertEquals(times("2026-01-02T00:00", "2026-01-09T00:00", "2026-01-16T00:00"),
                firings("0 0 * * FRI", "2026-01-01T00:00", 3));
        // day-of-week * or */1: the 13th only
        assertEquals(times("2026-01-13T00:00", "2026-02-13T00:00"), firings("0 0 13 * *", "2026-01-01T00:00", 2));
        assertEquals(times("2026-01-13T00:00", "2026-02-13T00:00"), firings("0 0 13 * */1", "2026-01-01T00:00", 2));
        // day-of-month */1 is unrestricted too: Fridays only
        assertEquals(times("2026-01-02T00:00", "2026-01-09T00:00"), firings("0 0 */1 * FRI", "2026-01-01T00:00", 2));
        // 31 February never matches, but Mondays in February do
        assertEquals(times("2026-02-02T00:00", "2026-02-09T00:00"), firings("0 0 31 2 MON", "2026-01-01T00:00", 2));
    }

    @Test
    void acrossMonthAndYearEnds() {
        assertEquals(times("2026-03-31T00:00", "2026-05-31T00:00", "2026-07-31T00:00"),
                firings("0 0 31 * *", "2026-01-31T00:00", 3));
        assertEquals(times("2027-01-01T23:59", "2027-01-02T23:59"), firings("59 23 * * *", "2026-12-31T23:59", 2));
        assertEquals(times("2027-01-01T00:00"), firings("0 0 1 1 *", "2026-06-01T00:00", 1));
        assertEquals(times("2026-02-28T00:00", "2026-03-28T00:00"), firings("0 0 28-30 2,3 *", "2026-02-27T00:00", 2));
    }

    @Test
    void february29WaitsForALeapYear() {
        assertEquals(times("2028-02-29T00:00", "2032-02-29T00:00"), firings("0 0 29 2 *", "2026-01-01T00:00", 2));
    }

    @Test
    void searchesAtMostFiveYearsAhead() {
        // 2100 is no leap year: the next 29 February after 2096 is in 2104
        assertEquals(Optional.empty(), CronExpression.parse("0 0 29 2 *").nextLocal(t("2097-01-01T00:00")));
    }

    @Test
    void searchSkipsByMonthDayAndHour() {
        CronExpression rare = CronExpression.parse("0 0 29 2 *");
        assertTimeout(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < 2_000; i++) {
                assertEquals(t("2028-02-29T00:00"), rare.nextLocal(t("2024-03-01T00:00")).orElseThrow());
            }
        });
    }

    @Test
    void macros() {
        assertEquals(times("2027-01-01T00:00"), firings("@yearly", "2026-01-01T00:00", 1));
        assertEquals(times("2027-01-01T00:00"), firings("@annually", "2026-01-01T00:00", 1));
        assertEquals(times("2026-02-01T00:00"), firings("@monthly", "2026-01-01T00:00", 1));
        assertEquals(times("2026-01-04T00:00"), firings("@weekly", "2026-01-01T00:00", 1));
        assertEquals(times("2026-01-02T00:00"), firings("@daily", "2026-01-01T00:00", 1));
        assertEquals(times("2026-01-02T00:00"), firings("@midnight", "2026-01-01T00:00", 1));
        assertEquals(times("2026-01-01T01:00", "2026-01-01T02:00"), firings("@hourly", "2026-01-01T00:00", 2));
        assertEquals("@annually", CronExpression.parse("  @ANNUALLY\t").text());
    }

    @Test
    void textIsNormalisedAndEqualityFollowsIt() {
        CronExpression a = CronExpression.parse("  0\t 9   * * MON-FRI \n");
        assertEquals("0 9 * * MON-FRI", a.text());
        assertEquals("0 9 * * MON-FRI", a.toString());
        assertEquals(CronExpression.parse("0 9 * * MON-FRI"), a);
        assertEquals(CronExpression.parse("0 9 * * MON-FRI").hashCode(), a.hashCode());
        assertNotEquals(CronExpression.parse("0 9 * * 1-5"), a);
        assertEquals(a, CronExpression.parse(a.text()));
    }

    @Test
    void matches() {
        CronExpression e = CronExpression.parse("30 2 * * MON");
        assertTrue(e.matches(t("2026-01-05T02:30:45")), "seconds are ignored");
        assertFalse(e.matches(t("2026-01-06T02:30")));
        assertFalse(e.matches(t("2026-01-05T02:31")));
        assertFalse(e.matches(t("2026-01-05T03:30")));
        CronExpression either = CronExpression.parse("0 0 13 * FRI");
        assertTrue(either.matches(t("2026-01-13T00:00")));
        assertTrue(either.matches(t("2026-01-16T00:00")));
        assertFalse(either.matches(t("2026-01-14T00:00")));
        assertTrue(CronExpression.parse("0 0 * * 7").matches(t("2026-01-04T00:00")));
        assertFalse(CronExpression.parse("0 0 * 2 *").matches(t("2026-01-04T00:00")));
    }

    // ---- errors

    @Test
    void fieldCount() {
        assertError("0 0 * *", 1, "position 1: expected 5 fields (minute hour day-of-month month day-of-week), found 4");
        assertError("0 0 * * * *", 11, "position 11: expected 5 fields (minute hour day-of-month month day-of-week), found 6");
        assertError("0 0 0 * * * 2026", 11,
                "position 11: expected 5 fields (minute hour day-of-month month day-of-week), found 7");
        assertError("", 1, "position 1: expected 5 fields (minute hour day-of-month month day-of-week), found 0");
        assertError(" \t ", 1, "position 1: expected 5 fields (minute hour day-of-month month day-of-week), found 0");
    }

    @Test
    void outOfRange() {
        assertError("60 * * * *", 1, "position 1: minute 60 is out of range 0-59");
        assertError("0 25 * * *", 3, "position 3: hour 25 is out of range 0-23");
        assertError("0 0 0 * *", 5, "position 5: day-of-month 0 is out of range 1-31");
        assertError("0 0 * 13 *", 7, "position 7: month 13 is out of range 1-12");
        assertError("0 0 * * 8", 9, "position 9: day-of-week 8 is out of range 0-7");
        assertError("0 1-24 * * *", 5, "position 5: hour 24 is out of range 0-23");
        assertError("0 99999999999 * * *", 3, "position 3: hour 99999999999 is out of range 0-23");
    }

    @Test
    void positionsCountFromTheOriginalText() {
        assertError("   0 25 * * *", 6, "position 6: hour 25 is out of range 0-23");
        assertError("0\t\t25 * * *", 4, "position 4: hour 25 is out of range 0-23");
        assertError("0 0 1 JAM *", 7, "position 7: unknown month name 'JAM': use JAN-DEC");
    }

    @Test
    void stepErrors() {
        assertError("*/0 * * * *", 3, "position 3: minute step must be at least 1");
        assertError("0 0/0 * * *", 5, "position 5: hour step must be at least 1");
        assertError("*/60 * * * *", 3, "position 3: minute step 60 is out of range 1-59");
        assertError("*/ * * * *", 2, "position 2: minute step is missing after '/'");
        assertError("/5 * * * *", 1, "position 1: minute step needs * or a start value before '/'");
        assertError("*/5/2 * * * *", 4, "position 4: minute step '5/2' is not a number");
        assertError("*/x * * * *", 3, "position 3: minute step 'x' is not a number");
    }

    @Test
    void nameErrors() {
        assertError("0 0 * * MOO", 9, "position 9: unknown day-of-week name 'MOO': use SUN-SAT");
        assertError("0 0 * * MONDAY", 9, "position 9: unknown day-of-week name 'MONDAY': use SUN-SAT");
        assertError("0 0 * JAN-JAM *", 11, "position 11: unknown month name 'JAM': use JAN-DEC");
        assertError("0 0 MON * *", 5, "position 5: day-of-month 'MON' is not a number");
        assertError("0 0 * 1x *", 7, "position 7: month '1x' is not a number or a name");
        assertError("a * * * *", 1, "position 1: minute 'a' is not a number");
        assertError("1.5 * * * *", 2, "position 2: minute has an unexpected character '.'");
    }

    @Test
    void rangeErrors() {
        assertError("0 5-3 * * *", 3, "position 3: hour range 5-3 is reversed: its start is after its end");
        assertError("0 0 * * FRI-MON", 9, "position 9: day-of-week range FRI-MON is reversed: its start is after its end");
        assertError("0 1- * * *", 4, "position 4: hour range 1- is missing its end");
        assertError("0 -1 * * *", 3, "position 3: hour range -1 is missing its start");
        assertError("0 1-2-3 * * *", 6, "position 6: hour has an unexpected character '-'");
    }

    @Test
    void listErrors() {
        assertError("1,,2 * * * *", 3, "position 3: minute list has an empty item");
        assertError("1, * * * *", 2, "position 2: minute list has an empty item");
        assertError("0 ,1 * * *", 3, "position 3: hour list has an empty item");
    }

    @Test
    void questionMarkIsRefused() {
        assertError("0 0 ? * MON", 5, "position 5: day-of-month '?' is not supported: use * for any day-of-month");
        assertError("0 0 1 * ?", 9, "position 9: day-of-week '?' is not supported: use * for any day-of-week");
    }

    @Test
    void expressionsThatNeverFire() {
        assertError("0 0 31 2 *", 5, "position 5: day-of-month 31 never occurs in month 2: the expression never fires");
        assertError("0 0 30 2 *", 5, "position 5: day-of-month 30 never occurs in month 2: the expression never fires");
        assertError("0 0 31 APR,jun,9,11 *", 5,
                "position 5: day-of-month 31 never occurs in month APR,jun,9,11: the expression never fires");
        assertError("0 0 30-31 FEB */1", 5,
                "position 5: day-of-month 30-31 never occurs in month FEB: the expression never fires");
        // possible somewhere, or rescued by day-of-week: accepted
        CronExpression.parse("0 0 29 2 *");
        CronExpression.parse("0 0 31 2,3 *");
        CronExpression.parse("0 0 31 2 MON");
    }

    @Test
    void macroErrors() {
        assertError("@reboot", 1, "position 1: @reboot is not supported: a schedule fires at times, not when the server starts");
        assertError("  @REBOOT", 3,
                "position 3: @reboot is not supported: a schedule fires at times, not when the server starts");
        assertError("@fortnightly", 1, "position 1: unknown macro '@fortnightly' "
                + "(known: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)");
        assertError("@daily 5", 8, "position 8: nothing may follow the macro @daily, found '5'");
        assertError("0 @daily * * *", 3, "position 3: hour has an unexpected character '@'");
    }

    @Test
    void overLongText() {
        String longest = "0 0 * * " + "1,".repeat(95) + "1";
        assertEquals(199, longest.length());
        CronExpression.parse(longest + " ");
        assertError(longest + "  ", 201, "position 201: the cron expression is 201 characters long, at most 200 are allowed");
    }
}
