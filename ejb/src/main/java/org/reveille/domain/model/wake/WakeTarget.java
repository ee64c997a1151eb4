package org.reveille.domain.model.wake;

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
import java.time.Instant;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/** One NIC of one machine a wake job targets, with its state and, when it failed or was skipped, why. */
@Entity
@Table(name = "wake_target")
public class WakeTarget {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "wake_target_seq")
    @SequenceGenerator(name = "wake_target_seq", sequenceName = "wake_target_seq", allocationSize = 50)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "job_id", nullable = false, updatable = false)
    private WakeJob job;

    @Column(name = "requested_as", nullable = false, updatable = false, length = 1024)
    private String requestedAs;

    @Column(name = "resource_id", length = 256)
    private String resourceId;

    @Column(name = "machine_name", length = 510)
    private String machineName;

    @Column(length = 17)
    private MacAddress mac;

    @Column(length = 15)
    private Ipv4Address ip;

    @Column(length = 18)
    private Cidr subnet;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private TargetState state;

    @Column(length = 1024)
    private String reason;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "dispatched_at")
    private Instant dispatchedAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    @Column(name = "sent_by", length = 15)
    private Ipv4Address sentBy;

    @Column(name = "last_error", length = 500)
    private String lastError;

    /** The ways its packets went at the last hand-over ({@link WakePaths#text()}); null before one. */
    @Column(length = WakePaths.MAX_TEXT)
    private String paths;

    /** For a verified job: the check of a SENT target is over (awake, or not confirmed after the retries). */
    @Column(nullable = false)
    private boolean concluded;

    @Version
    private int version;

    protected WakeTarget() {
    }

    public WakeTarget(WakeJob job, String requestedAs, String resourceId, String machineName, MacAddress mac,
                      Ipv4Address ip, Cidr subnet, Instant now) {
        this.job = job;
        this.requestedAs = requestedAs;
        this.resourceId = resourceId;
        this.machineName = machineName;
        this.mac = mac;
        this.ip = ip;
        this.subnet = subnet;
        this.state = TargetState.QUEUED;
        this.updatedAt = now;
    }

    /** Moves to {@code next} (one of {@link TargetState#next()}); a reason is required for FAILED and SKIPPED. */
    public void moveTo(TargetState next, String why, Instant now) {
        if (!state.mayMoveTo(next)) {
            throw new IllegalStateException("target " + id + " is " + state + " and cannot become " + next);
        }
        if ((next == TargetState.FAILED || next == TargetState.SKIPPED) && (why == null || why.isBlank())) {
            throw new IllegalArgumentException(next + " needs a reason");
        }
        state = next;
        reason = why;
        updatedAt = now;
        if (next == TargetState.AWAKE || next == TargetState.FAILED || next == TargetState.SKIPPED) {
            concluded = true;
        }
    }

    /** A target that cannot be woken, recorded with why (unknown name, outside the boundaries, ...). */
    public static WakeTarget skipped(WakeJob job, String requestedAs, String resourceId, String machineName, MacAddress mac,
                                     Ipv4Address ip, Cidr subnet, String why, Instant now) {
        WakeTarget target = new WakeTarget(job, requestedAs, resourceId, machineName, mac, ip, subnet, now);
        target.moveTo(TargetState.SKIPPED, why, now);
        return target;
    }

    /** A verified target that was sent again: back in the queue for another attempt. */
    public void retry(Instant now) {
        if (state != TargetState.SENT) {
            throw new IllegalStateException("only a sent target is retried, not a " + state + " one");
        }
        state = TargetState.QUEUED;
        reason = null;
        updatedAt = now;
    }

    /** Verification over without an answer: stays SENT, with why. */
    public void notConfirmed(String why, Instant now) {
        concluded = true;
        reason = why;
        updatedAt = now;
    }

    public Long id() { return id; }
    public int attempts() { return attempts; }
    public Instant dispatchedAt() { return dispatchedAt; }
    public Instant sentAt() { return sentAt; }
    public Ipv4Address sentBy() { return sentBy; }
    public String lastError() { return lastError; }
    public boolean concluded() { return concluded; }
    public WakePaths paths() { return WakePaths.parse(paths); }
    public WakeJob job() { return job; }
    public String requestedAs() { return requestedAs; }
    public String resourceId() { return resourceId; }
    public String machineName() { return machineName; }
    public MacAddress mac() { return mac; }
    public Ipv4Address ip() { return ip; }
    public Cidr subnet() { return subnet; }
    public TargetState state() { return state; }
    public String reason() { return reason; }
    public Instant updatedAt() { return updatedAt; }
}
