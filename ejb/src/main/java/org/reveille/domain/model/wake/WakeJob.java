package org.reveille.domain.model.wake;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One wake request as the server tracks it: what was asked, from where, and where it stands. */
@Entity
@Table(name = "wake_job")
public class WakeJob {

    public enum Source { REST, JMS, SCHEDULE, CONSOLE }

    /** RECEIVED: recorded, not yet resolved to targets; RESOLVING; RUNNING: targets queued; DONE; CANCELLED. */
    public enum State { RECEIVED, RESOLVING, RUNNING, DONE, CANCELLED }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "wake_job_seq")
    @SequenceGenerator(name = "wake_job_seq", sequenceName = "wake_job_seq", allocationSize = 50)
    private Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16, updatable = false)
    private Source source;

    @Column(name = "requested_by", length = 128, updatable = false)
    private String requestedBy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private State state;

    @Column(nullable = false)
    private boolean verify;

    @Column(name = "not_before")
    private Instant notBefore;

    @ElementCollection
    @CollectionTable(name = "wake_job_item", joinColumns = @JoinColumn(name = "job_id"))
    @OrderColumn(name = "position")
    private List<WakeJobItem> items = new ArrayList<>();

    @Column(name = "secure_on_password", length = 17, updatable = false)
    private String secureOnPassword;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "cancelled_by", length = 128)
    private String cancelledBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "schedule_id", updatable = false)
    private Long scheduleId;

    @Version
    private int version;

    protected WakeJob() {
    }

    public WakeJob(WakeRequest request, Source source, String requestedBy, Instant now) {
        this(request, source, requestedBy, now, true);
    }

    private WakeJob(WakeRequest request, Source source, String requestedBy, Instant now, boolean withItems) {
        this.source = source;
        this.requestedBy = requestedBy;
        this.state = State.RECEIVED;
        this.verify = request.verify();
        this.notBefore = request.notBefore();
        if (withItems) {
            this.items.addAll(request.items());
        }
        this.secureOnPassword = request.password();
        this.createdAt = now;
        this.updatedAt = now;
    }

    /**
     * A job whose request items the caller writes itself, in bulk, once the job has its id (a submission does, with
     * {@code WakeRecords.items}: 100,000 items as an element collection cost Hibernate most of a submission's time).
     * Read back, the job has its items as any other.
     */
    public static WakeJob itemsWrittenApart(WakeRequest request, Source source, String requestedBy, Instant now) {
        return new WakeJob(request, source, requestedBy, now, false);
    }

    /** The job is a firing of this schedule. */
    public void firedBy(long scheduleId) {
        this.scheduleId = scheduleId;
    }

    /** Targets resolved and queued. */
    public void running(Instant now) {
        state = State.RUNNING;
        updatedAt = now;
    }

    /** Every target has reached a final state (or the job is cancelled and nothing is in flight). */
    public void finish(Instant now) {
        if (state != State.CANCELLED) {
            state = State.DONE;
        }
        finishedAt = now;
        updatedAt = now;
    }

    public void cancel(String by, Instant now) {
        state = State.CANCELLED;
        cancelledBy = by;
        updatedAt = now;
    }

    public boolean isFinished() {
        return finishedAt != null;
    }

    public Long id() { return id; }
    public String secureOnPassword() { return secureOnPassword; }
    public Instant finishedAt() { return finishedAt; }
    public String cancelledBy() { return cancelledBy; }
    public Source source() { return source; }
    public String requestedBy() { return requestedBy; }
    public State state() { return state; }
    public boolean verify() { return verify; }
    public Instant notBefore() { return notBefore; }
    /** The schedule whose firing this job is; null for other jobs and once the schedule is deleted. */
    public Long scheduleId() { return scheduleId; }
    public List<WakeJobItem> items() { return List.copyOf(items); }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
}
