package org.reveille.domain.model.subnet;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.reveille.net.Cidr;

/**
 * One poll the Agent State Manager ran: which server ran it, why, when, and what it did. Its id is the poll's number
 * (the poll record's count after it), so ids follow the order in which the polls of all servers ran.
 */
@Entity
@Table(name = "agent_state_manager_poll")
public class PollHistoryEntry {

    /** How many polls the history keeps. */
    public static final int KEPT = 1000;

    /** How many of the subnets a poll queued the history names; {@code queued} always counts them all. */
    public static final int SUBNETS_LISTED = 100;

    @Id
    private long id;

    @Column(nullable = false, length = 64, updatable = false)
    private String server;

    @Column(name = "poll_trigger", nullable = false, length = 16, updatable = false)
    private String trigger;

    @Column(name = "started_at", nullable = false, updatable = false)
    private Instant startedAt;

    @Column(name = "finished_at", nullable = false, updatable = false)
    private Instant finishedAt;

    @Column(name = "new_count", nullable = false, updatable = false)
    private int added;

    @Column(name = "stale_count", nullable = false, updatable = false)
    private int stale;

    @Column(name = "deleted_count", nullable = false, updatable = false)
    private int deleted;

    @Column(name = "queued_count", nullable = false, updatable = false)
    private int queued;

    @Column(name = "remaining_count", nullable = false, updatable = false)
    private int remaining;

    @Column(name = "out_of_bounds_count", nullable = false, updatable = false)
    private int outOfBounds;

    @ElementCollection
    @CollectionTable(name = "agent_state_manager_poll_queued", joinColumns = @JoinColumn(name = "poll_id"))
    @OrderColumn(name = "position")
    @Column(name = "subnet", length = 18, nullable = false)
    private List<Cidr> queuedSubnets = new ArrayList<>();

    protected PollHistoryEntry() {
    }

    /** The entry of poll number {@code number}; of {@code queuedSubnets} the first {@link #SUBNETS_LISTED} are kept. */
    public PollHistoryEntry(long number, String server, String trigger, Instant startedAt, Instant finishedAt,
                            PollRecord.Counts counts, List<Cidr> queuedSubnets) {
        this.id = number;
        this.server = server.length() > 64 ? server.substring(0, 64) : server;
        this.trigger = trigger;
        this.startedAt = startedAt;
        this.finishedAt = finishedAt;
        this.added = counts.added();
        this.stale = counts.stale();
        this.deleted = counts.deleted();
        this.queued = counts.queued();
        this.remaining = counts.remaining();
        this.outOfBounds = counts.outOfBounds();
        this.queuedSubnets.addAll(queuedSubnets.subList(0, Math.min(queuedSubnets.size(), SUBNETS_LISTED)));
    }

    public long number() { return id; }
    public String server() { return server; }
    public String trigger() { return trigger; }
    public Instant startedAt() { return startedAt; }
    public Instant finishedAt() { return finishedAt; }
    public PollRecord.Counts counts() { return new PollRecord.Counts(added, stale, deleted, queued, remaining, outOfBounds); }
    public List<Cidr> queuedSubnets() { return List.copyOf(queuedSubnets); }
}
