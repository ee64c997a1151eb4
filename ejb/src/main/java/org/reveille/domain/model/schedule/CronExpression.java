package org.reveille.domain.model.schedule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A standard five-field Unix cron expression, {@code minute hour day-of-month month day-of-week}, in local time.
 * <p>
 * Each field is {@code *}, a number, a range {@code a-b}, a step <code>*&#47;n</code>, {@code a-b/n} or {@code a/n} (from a to
 * the field's end), or a comma-separated list of these. Months may be named JAN-DEC and days SUN-SAT (any case, also
 * in ranges such as MON-FRI); day-of-week 0 and 7 are both Sunday ({@code *} and {@code a/n} run to 6, Saturday).
 * The macros {@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight}
 * and {@code @hourly} stand for their usual expressions. Not supported: {@code ?}, {@code @reboot}, seconds, years.
 * <p>
 * Days follow Vixie cron: when both day-of-month and day-of-week are restricted (neither is {@code *} nor <code>*&#47;1</code>)
 * a day matches if either matches; otherwise both must match.
 * <p>
 * Immutable; equal when the normalised texts ({@link #text()}) are equal.
 */
public final class CronExpression {

    /** The longest text accepted. */
    public static final int MAX_LENGTH = 200;
    /** How far {@link #nextLocal} looks ahead. */
    static final int SEARCH_YEARS = 5;

    private static final String FIELD_NAMES = "minute hour day-of-month month day-of-week";
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    private final String text;
    private final long minutes;
    private final long hours;
    private final long days;
    private final long months;
    private final long weekdays;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    private CronExpression(String text, long[] masks, boolean dayOfMonthRestricted, boolean dayOfWeekRestricted) {
        this.text = text;
        this.minutes = masks[0];
        this.hours = masks[1];
        this.days = masks[2];
        this.months = masks[3];
        this.weekdays = masks[4];
        this.dayOfMonthRestricted = dayOfMonthRestricted;
        this.dayOfWeekRestricted = dayOfWeekRestricted;
    }

    /**
     * Parses a cron expression.
     *
     * @throws CronSyntaxException naming the position in {@code text} and the field that is wrong
     */
    public static CronExpression parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            throw new CronSyntaxException(MAX_LENGTH + 1,
                    "the cron expression is " + text.length() + " characters long, at most " + MAX_LENGTH + " are allowed");
        }
        List<Token> tokens = tokens(text);
        if (!tokens.isEmpty() && tokens.get(0).text().startsWith("@")) {
            return macro(tokens);
        }
        if (tokens.size() != Field.values().length) {
            // too many: point at the first extra field; too few: at the start
            int position = tokens.size() > Field.values().length ? tokens.get(Field.values().length).position()
                    : tokens.isEmpty() ? 1 : tokens.get(0).position();
            throw new CronSyntaxException(position, "expected 5 fields (" + FIELD_NAMES + "), found " + tokens.size());
        }
        return fromFields(tokens, String.join(" ", tokens.stream().map(Token::text).toList()));
    }

    /** The normalised text: the fields separated by single spaces, or the macro in lower case. */
    public String text() {
        return text;
    }

    /** Whether the local time {@code t} (its minute; seconds are ignored) matches. */
    public boolean matches(LocalDateTime t) {
        return has(months, t.getMonthValue()) && matchesDay(t.toLocalDate()) && has(hours, t.getHour())
                && has(minutes, t.getMinute());
    }

    /**
     * The first matching local minute strictly after {@code after}, looking at most five years ahead
     * (then empty: from 1 March 2096 the next 29 February is 2104).
     */
    public Optional<LocalDateTime> nextLocal(LocalDateTime after) {
        Objects.requireNonNull(after, "after");
        if (after.getYear() >= Year.MAX_VALUE - SEARCH_YEARS) {
            return Optional.empty();
        }
        LocalDateTime limit = after.plusYears(SEARCH_YEARS);
        LocalDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        // skip whole months, days and hours that cannot match before looking at minutes
        while (!t.isAfter(limit)) {
            LocalDate day = t.toLocalDate();
            if (!has(months, t.getMonthValue())) {
                t = day.withDayOfMonth(1).plusMonths(1).atStartOfDay();
                continue;
            }
            if (!matchesDay(day)) {
                t = day.plusDays(1).atStartOfDay();
                continue;
            }
            int hour = nextSet(hours, t.getHour());
            if (hour < 0) {
                t = day.plusDays(1).atStartOfDay();
                continue;
            }
            if (hour != t.getHour()) {
                t = day.atTime(hour, 0);
            }
            int minute = nextSet(minutes, t.getMinute());
            if (minute < 0) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            return Optional.of(t.withMinute(minute));
        }
        return Optional.empty();
    }

    private boolean matchesDay(LocalDate day) {
        boolean dayOfMonth = has(days, day.getDayOfMonth());
        boolean dayOfWeek = has(weekdays, day.getDayOfWeek().getValue() % 7);
        // an unrestricted field has all bits set, so "and" leaves the other one to decide
        return dayOfMonthRestricted && dayOfWeekRestricted ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek;
    }

    private static boolean has(long mask, int value) {
        return (mask & (1L << value)) != 0;
    }

    /** The lowest value at least {@code from} in {@code mask}, or -1. */
    private static int nextSet(long mask, int from) {
        long rest = mask & (-1L << from);
        return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronExpression other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The normalised text, as {@link #text()}. */
    @Override
    public String toString() {
        return text;
    }

    // ---- parsing

    private enum Field {
        MINUTE("minute", 0, 59, 59, null),
        HOUR("hour", 0, 23, 23, null),
        DAY_OF_MONTH("day-of-month", 1, 31, 31, null),
        MONTH("month", 1, 12, 12,
                List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
        DAY_OF_WEEK("day-of-week", 0, 7, 6, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

        final String label;
        final int min;
        final int max;
        /** Where {@code *} and {@code a/n} end: day-of-week stops at Saturday, 7 is only an alias. */
        final int top;
        /** Names for min, min+1, ...; null if the field has none. */
        final List<String> names;

        Field(String label, int min, int max, int top, List<String> names) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.top = top;
            this.names = names;
        }
    }

    /** A field as written, with the 1-based position of its first character in the original text. */
    private record Token(String text, int position) {
    }

    private static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        int i = 0;
        while (i < end && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        while (i < end) {
            int start = i;
            while (i < end && !separator(text.charAt(i))) {
                i++;
            }
            tokens.add(new Token(text.substring(start, i), start + 1));
            while (i < end && separator(text.charAt(i))) {
                i++;
            }
        }
        return tokens;
    }

    private static boolean separator(char c) {
        return c == ' ' || c == '\t';
    }

    private static CronExpression macro(List<Token> tokens) {
        Token macro = tokens.get(0);
        String name = macro.text().toLowerCase(Locale.ROOT);
        if (name.equals("@reboot")) {
            throw new CronSyntaxException(macro.position(),
                    "@reboot is not supported: a schedule fires at times, not when the server starts");
        }
        String fields = MACROS.get(name);
        if (fields == null) {
            throw new CronSyntaxException(macro.position(), "unknown macro '" + macro.text()
                    + "' (known: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)");
        }
        if (tokens.size() > 1) {
            throw new CronSyntaxException(tokens.get(1).position(),
                    "nothing may follow the macro " + name + ", found '" + tokens.get(1).text() + "'");
        }
        return fromFields(tokens(fields), name);
    }

    private static CronExpression fromFields(List<Token> tokens, String text) {
        Field[] fields = Field.values();
        long[] masks = new long[fields.length];
        for (int i = 0; i < fields.length; i++) {
            masks[i] = parseField(fields[i], tokens.get(i));
        }
        long sunday = 1L | 1L << 7;
        if ((masks[4] & sunday) != 0) {
            masks[4] = (masks[4] | 1L) & ~(1L << 7);
        }
        Token dayOfMonth = tokens.get(2);
        boolean dayOfMonthRestricted = restricted(dayOfMonth);
        boolean dayOfWeekRestricted = restricted(tokens.get(4));
        if (!dayOfWeekRestricted && !someDayInMonths(masks[2], masks[3])) {
            throw new CronSyntaxException(dayOfMonth.position(), "day-of-month " + dayOfMonth.text()
                    + " never occurs in month " + tokens.get(3).text() + ": the expression never fires");
        }
        return new CronExpression(text, masks, dayOfMonthRestricted, dayOfWeekRestricted);
    }

    private static boolean restricted(Token field) {
        return !field.text().equals("*") && !field.text().equals("*/1");
    }

    private static boolean someDayInMonths(long days, long months) {
        for (Month month : Month.values()) {
            long daysOfMonth = (-1L >>> (63 - month.maxLength())) & ~1L; // bits 1..maxLength, Feb 29 included
            if (has(months, month.getValue()) && (days & daysOfMonth) != 0) {
                return true;
            }
        }
        return false;
    }

    private static long parseField(Field field, Token token) {
        String s = token.text();
        int question = s.indexOf('?');
        if (question >= 0) {
            throw new CronSyntaxException(token.position() + question,
                    field.label + " '?' is not supported: use * for any " + field.label);
        }
        long mask = 0;
        int start = 0;
        while (true) {
            int comma = s.indexOf(',', start);
            int end = comma < 0 ? s.length() : comma;
            if (end == start) {
                int at = start < s.length() ? start : start - 1; // a trailing comma: point at it
                throw new CronSyntaxException(token.position() + at, field.label + " list has an empty item");
            }
            mask |= parseItem(field, s.substring(start, end), token.position() + start);
            if (comma < 0) {
                return mask;
            }
            start = comma + 1;
        }
    }

    /** One list item: a value, a range or {@code *}, optionally with a step. */
    private static long parseItem(Field field, String item, int position) {
        int slash = item.indexOf('/');
        String range = slash < 0 ? item : item.substring(0, slash);
        int low;
        int high;
        if (range.equals("*")) {
            low = field.min;
            high = field.top;
        } else if (range.isEmpty()) {
            throw new CronSyntaxException(position, field.label + " step needs * or a start value before '/'");
        } else {
            int dash = range.indexOf('-');
            if (dash < 0) {
                low = value(field, range, position);
                high = slash < 0 ? low : Math.max(field.top, low);
            } else {
                if (dash == 0) {
                    throw new CronSyntaxException(position, field.label + " range " + range + " is missing its start");
                }
                if (dash == range.length() - 1) {
                    throw new CronSyntaxException(position + dash, field.label + " range " + range + " is missing its end");
                }
                low = value(field, range.substring(0, dash), position);
                high = value(field, range.substring(dash + 1), position + dash + 1);
                if (low > high) {
                    throw new CronSyntaxException(position,
                            field.label + " range " + range + " is reversed: its start is after its end");
                }
            }
        }
        int step = slash < 0 ? 1 : step(field, item.substring(slash + 1), position + slash + 1);
        long mask = 0;
        for (int v = low; v <= high; v += step) {
            mask |= 1L << v;
        }
        return mask;
    }

    private static int step(Field field, String s, int position) {
        if (s.isEmpty()) {
            throw new CronSyntaxException(position - 1, field.label + " step is missing after '/'");
        }
        for (int i = 0; i < s.length(); i++) {
            if (!digit(s.charAt(i))) {
                throw new CronSyntaxException(position + i, field.label + " step '" + s + "' is not a number");
            }
        }
        int step = s.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(s);
        if (step < 1) {
            throw new CronSyntaxException(position, field.label + " step must be at least 1");
        }
        int most = field.top - field.min;
        if (step > most) {
            throw new CronSyntaxException(position, field.label + " step " + s + " is out of range 1-" + most);
        }
        return step;
    }

    /** A number or, in month and day-of-week, a three-letter name. */
    private static int value(Field field, String s, int position) {
        boolean digits = true;
        boolean letters = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!digit(c) && !letter(c)) {
                throw new CronSyntaxException(position + i, field.label + " has an unexpected character " + shown(c));
            }
            digits &= digit(c);
            letters &= letter(c);
        }
        if (digits) {
            int n = s.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(s);
            if (n < field.min || n > field.max) {
                throw new CronSyntaxException(position,
                        field.label + " " + s + " is out of range " + field.min + "-" + field.max);
            }
            return n;
        }
        if (letters && field.names != null) {
            int index = field.names.indexOf(s.toUpperCase(Locale.ROOT));
            if (index < 0) {
                throw new CronSyntaxException(position, "unknown " + field.label + " name '" + s + "': use "
                        + field.names.get(0) + "-" + field.names.get(field.names.size() - 1));
            }
            return field.min + index;
        }
        throw new CronSyntaxException(position, field.label + " '" + s + "' is not a number"
                + (field.names == null ? "" : " or a name"));
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean letter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String shown(char c) {
        return c > ' ' && c < 127 ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
