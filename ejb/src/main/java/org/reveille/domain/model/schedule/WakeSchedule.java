package org.reveille.domain.model.schedule;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.reveille.domain.model.wake.WakeJobItem;
import org.reveille.domain.model.wake.WakeRequest;

/**
 * "Wake these targets at these times" (docs/architecture.md, "Schedules and maintenance windows"): the targets of a wake
 * request, a {@link FiringCalendar} (cron or once, time zone, start, end), a spread and a grace period.
 * {@link #nextFiringAt} is the firing due next; a server fires it under this row's lock and moves it on with
 * {@link #firedOrPassed}, so a firing runs once however many servers look at it.
 */
@Entity
@Table(name = "wake_schedule")
public class WakeSchedule {

    /** ACTIVE: fires; PAUSED: fires nothing until resumed (what fell due meanwhile is not made up); ENDED: no firing left. */
    public enum State { ACTIVE, PAUSED, ENDED }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "wake_schedule_seq")
    @SequenceGenerator(name = "wake_schedule_seq", sequenceName = "wake_schedule_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false, length = 255)
    private String name;

    @Column(length = 1024)
    private String description;

    @Column(length = 200)
    private String cron;

    @Column(name = "once_at")
    private Instant onceAt;

    @Column(name = "time_zone", nullable = false, length = 64)
    private String timeZone;

    @Column(name = "starts_at")
    private Instant startsAt;

    @Column(name = "ends_at")
    private Instant endsAt;

    @Column(name = "spread_seconds", nullable = false)
    private int spreadSeconds;

    @Column(name = "grace_seconds", nullable = false)
    private int graceSeconds;

    @Column(nullable = false)
    private boolean verify;

    @ElementCollection(fetch = FetchType.EAGER)   // read with the schedule: a firing and the API always need them
    @CollectionTable(name = "wake_schedule_item", joinColumns = @JoinColumn(name = "schedule_id"))
    @OrderColumn(name = "position")
    private List<WakeJobItem> items = new ArrayList<>();

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private State state;

    @Column(name = "next_firing_at")
    private Instant nextFiringAt;

    @Column(name = "created_by", nullable = false, length = 128, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private int version;

    protected WakeSchedule() {
    }

    public WakeSchedule(ScheduleDefinition definition, String createdBy, Instant now) {
        this.createdBy = createdBy;
        this.createdAt = now;
        this.state = State.ACTIVE;
        redefine(definition, now);
    }

    /** Replaces what the schedule does; its next firing is computed again from {@code now} (a paused schedule stays paused). */
    public void redefine(ScheduleDefinition definition, Instant now) {
        this.name = definition.name();
        this.description = definition.description();
        this.cron = definition.cron() == null ? null : definition.cron().text();
        this.onceAt = definition.onceAt();
        this.timeZone = definition.zone().getId();
        this.startsAt = definition.startsAt();
        this.endsAt = definition.endsAt();
        this.spreadSeconds = (int) definition.spread().toSeconds();
        this.graceSeconds = (int) definition.grace().toSeconds();
        this.verify = definition.verify();
        this.items.clear();
        this.items.addAll(definition.items());
        this.updatedAt = now;
        if (state != State.PAUSED) {
            state = State.ACTIVE;
            planFrom(now);
        }
    }

    /** The firing calendar of this schedule. */
    public FiringCalendar calendar() {
        ZoneId zone = ZoneId.of(timeZone);
        return cron != null ? FiringCalendar.cron(CronExpression.parse(cron), zone, startsAt, endsAt) : FiringCalendar.once(onceAt, zone);
    }

    /** The firing due at {@code dueAt} has run (or was recorded as missed or failed): the next one after it is due next. */
    public void firedOrPassed(Instant dueAt, Instant now) {
        Optional<Instant> next = calendar().nextAfter(dueAt);
        nextFiringAt = next.orElse(null);
        if (next.isEmpty()) {
            state = State.ENDED;
        }
        updatedAt = now;
    }

    public void pause(Instant now) {
        if (state == State.ACTIVE) {
            state = State.PAUSED;
            nextFiringAt = null;
            updatedAt = now;
        }
    }

    /** Active again from {@code now}: the firings that fell due while paused are not run. */
    public void resume(Instant now) {
        if (state == State.PAUSED) {
            state = State.ACTIVE;
            planFrom(now);
            updatedAt = now;
        }
    }

    private void planFrom(Instant now) {
        // a firing due at this very instant still runs: "once at now" is a valid schedule
        Optional<Instant> next = calendar().nextAfter(now.minusNanos(1));
        nextFiringAt = next.orElse(null);
        state = next.isPresent() ? State.ACTIVE : State.ENDED;
    }

    /** The wake request one firing submits. */
    public WakeRequest request() {
        return new WakeRequest(List.copyOf(items), verify, null);
    }

    /** Whether {@code user} may change this schedule without the admin role: its creator may. */
    public boolean ownedBy(String user) {
        return createdBy.equals(user);
    }

    public Long id() { return id; }
    public String name() { return name; }
    public String description() { return description; }
    public String cron() { return cron; }
    public Instant onceAt() { return onceAt; }
    public String timeZone() { return timeZone; }
    public Instant startsAt() { return startsAt; }
    public Instant endsAt() { return endsAt; }
    public Duration spread() { return Duration.ofSeconds(spreadSeconds); }
    public Duration grace() { return Duration.ofSeconds(graceSeconds); }
    public boolean verify() { return verify; }
    public List<WakeJobItem> items() { return List.copyOf(items); }
    public State state() { return state; }
    public Instant nextFiringAt() { return nextFiringAt; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public int version() { return version; }
}
