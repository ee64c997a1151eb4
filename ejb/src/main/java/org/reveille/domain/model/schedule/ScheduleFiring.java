package org.reveille.domain.model.schedule;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * What became of one firing of a schedule: its wake job, or why there is none. One row per (schedule, due time): the
 * table's unique key is the last guard of "exactly once".
 */
@Entity
@Table(name = "schedule_firing")
public class ScheduleFiring {

    /** FIRED: its job was submitted; MISSED: not run (no server ran within the grace period, or a later firing was due too); FAILED: the request was refused. */
    public enum Outcome { FIRED, MISSED, FAILED }

    public static final int MAX_REASON = 1024;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "schedule_firing_seq")
    @SequenceGenerator(name = "schedule_firing_seq", sequenceName = "schedule_firing_seq", allocationSize = 50)
    private Long id;

    @Column(name = "schedule_id", nullable = false, updatable = false)
    private long scheduleId;

    @Column(name = "due_at", nullable = false, updatable = false)
    private Instant dueAt;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    private Instant recordedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16, updatable = false)
    private Outcome outcome;

    @Column(name = "job_id", updatable = false)
    private Long jobId;

    @Column(length = MAX_REASON, updatable = false)
    private String reason;

    @Column(nullable = false, length = 64, updatable = false)
    private String node;

    protected ScheduleFiring() {
    }

    private ScheduleFiring(long scheduleId, Instant dueAt, Instant recordedAt, Outcome outcome, Long jobId, String reason, String node) {
        this.scheduleId = scheduleId;
        this.dueAt = dueAt;
        this.recordedAt = recordedAt;
        this.outcome = outcome;
        this.jobId = jobId;
        this.reason = reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
        this.node = node;
    }

    public static ScheduleFiring fired(long scheduleId, Instant dueAt, Instant now, long jobId, String note, String node) {
        return new ScheduleFiring(scheduleId, dueAt, now, Outcome.FIRED, jobId, note, node);
    }

    public static ScheduleFiring missed(long scheduleId, Instant dueAt, Instant now, String reason, String node) {
        return new ScheduleFiring(scheduleId, dueAt, now, Outcome.MISSED, null, reason, node);
    }

    public static ScheduleFiring failed(long scheduleId, Instant dueAt, Instant now, String reason, String node) {
        return new ScheduleFiring(scheduleId, dueAt, now, Outcome.FAILED, null, reason, node);
    }

    public Long id() { return id; }
    public long scheduleId() { return scheduleId; }
    public Instant dueAt() { return dueAt; }
    public Instant recordedAt() { return recordedAt; }
    public Outcome outcome() { return outcome; }
    public Long jobId() { return jobId; }
    public String reason() { return reason; }
    public String node() { return node; }
}
