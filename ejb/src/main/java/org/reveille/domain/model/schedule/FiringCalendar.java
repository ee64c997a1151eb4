package org.reveille.domain.model.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a schedule fires: the local times of a {@link CronExpression} in a time zone, between an optional start
 * ({@code notBefore}, inclusive) and an optional end ({@code endsAt}, inclusive); or one instant ({@link #once}).
 * <p>
 * Daylight-saving rules (the product's contract). Each matching local time fires once:
 * <ul>
 * <li>A local time in a spring-forward gap fires at the instant the gap ends plus its offset into the gap, as
 * {@link ZonedDateTime#ofLocal ZonedDateTime.ofLocal(local, zone, null)} gives: 02:30 on a day the clocks jump from
 * 02:00 to 03:00 fires at 03:30 local time. When that instant is also another local time's firing ({@code 30 * * * *}:
 * the shifted 02:30 and the real 03:30) it fires once.</li>
 * <li>A local time that occurs twice in a fall-back overlap fires once, at its first occurrence (the earlier offset).
 * So {@code 30 1 * * *} fires once on the day New York falls back, and {@code *}{@code /15 * * * *} does not fire
 * during the repeated hour's second pass.</li>
 * <li>Firings are strictly increasing.</li>
 * </ul>
 * Immutable.
 */
public final class FiringCalendar {

    /** {@link #latestAtOrBefore} searches backwards in slices shorter than {@link CronExpression#nextLocal}'s horizon. */
    private static final Duration SLICE = Duration.ofDays(4 * 365);

    private final CronExpression cron;
    private final Instant once;
    private final ZoneId zone;
    private final Instant notBefore;
    private final Instant endsAt;

    private FiringCalendar(CronExpression cron, Instant once, ZoneId zone, Instant notBefore, Instant endsAt) {
        this.cron = cron;
        this.once = once;
        this.zone = Objects.requireNonNull(zone, "zone");
        this.notBefore = notBefore;
        this.endsAt = endsAt;
    }

    /**
     * The local times of {@code cron} in {@code zone}, from {@code notBefore} (inclusive, null: no start) to
     * {@code endsAt} (inclusive, null: no end).
     *
     * @throws IllegalArgumentException if {@code endsAt} lies before {@code notBefore}
     */
    public static FiringCalendar cron(CronExpression cron, ZoneId zone, Instant notBefore, Instant endsAt) {
        Objects.requireNonNull(cron, "cron");
        if (notBefore != null && endsAt != null && endsAt.isBefore(notBefore)) {
            throw new IllegalArgumentException("endsAt " + endsAt + " lies before notBefore " + notBefore);
        }
        return new FiringCalendar(cron, null, zone, notBefore, endsAt);
    }

    /** A single firing at {@code at}; {@code zone} is where it is shown. */
    public static FiringCalendar once(Instant at, ZoneId zone) {
        return new FiringCalendar(null, Objects.requireNonNull(at, "at"), zone, null, null);
    }

    /** The cron expression, empty for a one-off calendar. */
    public Optional<CronExpression> cron() {
        return Optional.ofNullable(cron);
    }

    /** The instant of a one-off calendar, empty for a cron calendar. */
    public Optional<Instant> onceAt() {
        return Optional.ofNullable(once);
    }

    /** The time zone the cron expression's local times are in. */
    public ZoneId zone() {
        return zone;
    }

    /** The first instant a firing may have (inclusive), if any. */
    public Optional<Instant> notBefore() {
        return Optional.ofNullable(notBefore);
    }

    /** The last instant a firing may have (inclusive), if any. */
    public Optional<Instant> endsAt() {
        return Optional.ofNullable(endsAt);
    }

    /** The first firing strictly after {@code after}, if there is one (cron: within about five years). */
    public Optional<Instant> nextAfter(Instant after) {
        Objects.requireNonNull(after, "after");
        if (once != null) {
            return once.isAfter(after) ? Optional.of(once) : Optional.empty();
        }
        // a firing at exactly notBefore counts
        Instant from = notBefore != null && notBefore.minusNanos(1).isAfter(after) ? notBefore.minusNanos(1) : after;
        if (endsAt != null && !from.isBefore(endsAt)) {
            return Optional.empty();
        }
        return nextCron(from).filter(at -> endsAt == null || !at.isAfter(endsAt));
    }

    /**
     * The firing instant of a local time is non-decreasing in local time, and no local time up to {@code from}'s own
     * has a firing after {@code from} (in the repeated hour's second pass its first occurrence lies before). So the
     * search starts after that local time and only skips the few local times of the repeated hour already fired, or a
     * shifted gap time that coincides with a later one.
     */
    private Optional<Instant> nextCron(Instant from) {
        Optional<LocalDateTime> local = cron.nextLocal(LocalDateTime.ofInstant(from, zone));
        while (local.isPresent()) {
            Instant at = firingOf(local.get());
            if (at.isAfter(from)) {
                return Optional.of(at);
            }
            local = cron.nextLocal(local.get());
        }
        return Optional.empty();
    }

    /** Gap: shifted by the gap's length; overlap: the earlier offset; exactly {@code ofLocal(local, zone, null)}. */
    private Instant firingOf(LocalDateTime local) {
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }

    /** The first {@code count} firings strictly after {@code after}: fewer if the calendar ends, none if count is not positive. */
    public List<Instant> next(Instant after, int count) {
        List<Instant> firings = new ArrayList<>();
        Optional<Instant> next = Optional.of(after);
        while (firings.size() < count && (next = nextAfter(next.get())).isPresent()) {
            firings.add(next.get());
        }
        return List.copyOf(firings);
    }

    /**
     * The latest firing in [{@code notEarlierThan}, {@code t}], e.g. the one missed during a downtime.
     * <p>
     * Does not walk every firing in the range: it bisects with {@link #nextAfter}, a few dozen calls per four-year
     * slice, going back slice by slice from {@code t} until a slice holds a firing.
     */
    public Optional<Instant> latestAtOrBefore(Instant t, Instant notEarlierThan) {
        Objects.requireNonNull(t, "t");
        Objects.requireNonNull(notEarlierThan, "notEarlierThan");
        if (once != null) {
            return once.isAfter(t) || once.isBefore(notEarlierThan) ? Optional.empty() : Optional.of(once);
        }
        Instant low = notBefore != null && notBefore.isAfter(notEarlierThan) ? notBefore : notEarlierThan;
        Instant high = endsAt != null && endsAt.isBefore(t) ? endsAt : t;
        while (!low.isAfter(high)) {
            Instant sliceStart = high.minus(SLICE).isAfter(low) ? high.minus(SLICE) : low;
            Optional<Instant> latest = latestIn(sliceStart, high);
            if (latest.isPresent()) {
                return latest;
            }
            high = sliceStart.minusNanos(1);
        }
        return Optional.empty();
    }

    /** The latest firing in [low, high], which must be shorter than nextAfter's horizon. */
    private Optional<Instant> latestIn(Instant low, Instant high) {
        Optional<Instant> first = nextAfter(low.minusNanos(1));
        if (first.isEmpty() || first.get().isAfter(high)) {
            return Optional.empty();
        }
        Instant best = first.get();
        while (true) {
            // best is a firing in range; any later one lies in (best, high]: halve that interval each round
            Optional<Instant> next = nextAfter(best);
            if (next.isEmpty() || next.get().isAfter(high)) {
                return Optional.of(best);
            }
            best = next.get();
            Instant middle = best.plus(Duration.between(best, high).dividedBy(2));
            Optional<Instant> fromMiddle = nextAfter(middle.minusNanos(1));
            if (fromMiddle.isPresent() && !fromMiddle.get().isAfter(high)) {
                best = fromMiddle.get();
            } else {
                high = middle.minusNanos(1);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FiringCalendar other && Objects.equals(cron, other.cron) && Objects.equals(once, other.once)
                && zone.equals(other.zone) && Objects.equals(notBefore, other.notBefore)
                && Objects.equals(endsAt, other.endsAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cron, once, zone, notBefore, endsAt);
    }

    /** For logs: what fires, where, from when and until when. */
    @Override
    public String toString() {
        return (cron != null ? "cron " + cron : "once at " + once) + " in " + zone
                + (notBefore != null ? " from " + notBefore : "") + (endsAt != null ? " until " + endsAt : "");
    }
}
