package org.reveille.domain.model.subnet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** What the Agent State Manager's last poll did; its single row is also the poll lock. */
@Entity
@Table(name = "agent_state_manager")
public class PollRecord {

    public static final int ID = 1;

    /** Counts of one poll. */
    public record Counts(int added, int stale, int deleted, int queued, int remaining, int outOfBounds) {
    }

    @Id
    private int id;

    @Column(name = "last_started_at")
    private Instant lastStartedAt;

    @Column(name = "last_finished_at")
    private Instant lastFinishedAt;

    @Column(name = "last_trigger", length = 16)
    private String lastTrigger;

    @Column(name = "last_server", length = 64)
    private String lastServer;

    @Column(name = "last_new", nullable = false)
    private int lastNew;

    @Column(name = "last_stale", nullable = false)
    private int lastStale;

    @Column(name = "last_deleted", nullable = false)
    private int lastDeleted;

    @Column(name = "last_queued", nullable = false)
    private int lastQueued;

    @Column(name = "last_remaining", nullable = false)
    private int lastRemaining;

    @Column(name = "last_out_of_bounds", nullable = false)
    private int lastOutOfBounds;

    @Column(nullable = false)
    private long polls;

    protected PollRecord() {
    }

    public void record(String trigger, String server, Instant started, Instant finished, Counts counts) {
        lastTrigger = trigger;
        lastServer = server;
        lastStartedAt = started;
        lastFinishedAt = finished;
        lastNew = counts.added();
        lastStale = counts.stale();
        lastDeleted = counts.deleted();
        lastQueued = counts.queued();
        lastRemaining = counts.remaining();
        lastOutOfBounds = counts.outOfBounds();
        polls++;
    }

    public Instant lastStartedAt() { return lastStartedAt; }
    public Instant lastFinishedAt() { return lastFinishedAt; }
    public String lastTrigger() { return lastTrigger; }
    public String lastServer() { return lastServer; }
    public long polls() { return polls; }
    public Counts lastCounts() {
        return new Counts(lastNew, lastStale, lastDeleted, lastQueued, lastRemaining, lastOutOfBounds);
    }
}
