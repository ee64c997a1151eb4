package org.reveille.domain.model.schedule;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.reveille.domain.model.collection.MachineCollection;

/**
 * When the machines of a collection may be woken (docs/architecture.md, "Schedules and maintenance windows"): the window
 * opens at the firings of its cron expression in its time zone and stays open for its duration. Outside all of a
 * collection's windows a wake naming the collection is deferred to the next opening or refused, as the {@link Rule} of
 * the window that opens next says.
 */
@Entity
@Table(name = "maintenance_window")
public class MaintenanceWindow {

    /** What happens to a wake asked for outside the windows, when this window is the next to open. */
    public enum Rule { DEFER, REFUSE }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "maintenance_window_seq")
    @SequenceGenerator(name = "maintenance_window_seq", sequenceName = "maintenance_window_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false, length = 255)
    private String name;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "collection_id", nullable = false)
    private MachineCollection collection;

    @Column(nullable = false, length = 200)
    private String cron;

    @Column(name = "time_zone", nullable = false, length = 64)
    private String timeZone;

    @Column(name = "duration_minutes", nullable = false)
    private int durationMinutes;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Rule rule;

    @Column(name = "created_by", nullable = false, length = 128, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private int version;

    protected MaintenanceWindow() {
    }

    public MaintenanceWindow(WindowDefinition definition, MachineCollection collection, String createdBy, Instant now) {
        this.createdBy = createdBy;
        this.createdAt = now;
        redefine(definition, collection, now);
    }

    public void redefine(WindowDefinition definition, MachineCollection collection, Instant now) {
        this.name = definition.name();
        this.collection = collection;
        this.cron = definition.cron().text();
        this.timeZone = definition.zone().getId();
        this.durationMinutes = (int) definition.duration().toMinutes();
        this.rule = definition.rule();
        this.updatedAt = now;
    }

    private FiringCalendar openings() {
        return FiringCalendar.cron(CronExpression.parse(cron), ZoneId.of(timeZone), null, null);
    }

    /** The opening of the window that is open at {@code t}, if it is. */
    public Optional<Instant> openedBefore(Instant t) {
        return openings().latestAtOrBefore(t, t.minus(duration()).plusNanos(1));
    }

    public boolean isOpenAt(Instant t) {
        return openedBefore(t).isPresent();
    }

    /** The next opening after {@code t}. */
    public Optional<Instant> nextOpening(Instant t) {
        return openings().nextAfter(t);
    }

    public boolean ownedBy(String user) {
        return createdBy.equals(user);
    }

    public Long id() { return id; }
    public String name() { return name; }
    public MachineCollection collection() { return collection; }
    public String cron() { return cron; }
    public String timeZone() { return timeZone; }
    public Duration duration() { return Duration.ofMinutes(durationMinutes); }
    public Rule rule() { return rule; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public int version() { return version; }
}
