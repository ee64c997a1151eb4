package org.reveille.domain.model.subnet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

/** An entry of the agent list: a subnet this server keeps a Primary and an Alternate agent on. */
@Entity
@Table(name = "subnet")
public class Subnet {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "subnet_seq")
    @SequenceGenerator(name = "subnet_seq", sequenceName = "subnet_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false, updatable = false)
    private long network;

    @Column(name = "prefix_length", nullable = false, updatable = false)
    private int prefixLength;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private SubnetState state;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "state_changed_at", nullable = false)
    private Instant stateChangedAt;

    @Column(name = "last_contact_at")
    private Instant lastContactAt;

    @Column(name = "unreachable_since")
    private Instant unreachableSince;

    @Column(name = "discovery_queued_at")
    private Instant discoveryQueuedAt;

    /** Since when a dedicated agent has not been serving the subnet (docs/network.md, "Dedicated agents"); null: not degraded. */
    @Column(name = "degraded_since")
    private Instant degradedSince;

    @Version
    private int version;

    protected Subnet() {
    }

    public Subnet(Cidr cidr, Instant now) {
        this.network = cidr.networkAddress().toLong();
        this.prefixLength = cidr.prefixLength();
        this.state = SubnetState.NEW;
        this.createdAt = now;
        this.stateChangedAt = now;
    }

    public Cidr cidr() {
        return Cidr.of(Ipv4Address.fromLong(network), prefixLength);
    }

    /** Stale: no agent communication for longer than {@code staleAfter} (or never, once it was healthy). */
    public boolean isStale(Instant now, Duration staleAfter) {
        if (state != SubnetState.HEALTHY) {
            return false;
        }
        Instant reference = lastContactAt != null ? lastContactAt : stateChangedAt;
        return reference.plus(staleAfter).isBefore(now);
    }

    /** Unreachable for longer than {@code deleteAfter}: the Agent State Manager removes it. */
    public boolean isExpired(Instant now, Duration deleteAfter) {
        return state == SubnetState.UNREACHABLE && unreachableSince != null
                && unreachableSince.plus(deleteAfter).isBefore(now);
    }

    public void markStale(Instant now) { moveTo(SubnetState.STALE, now); }

    public void discoveryStarted(Instant now) { moveTo(SubnetState.DISCOVERING, now); }

    public void discoveryQueued(Instant now) { discoveryQueuedAt = now; }

    public void agentContact(Instant now) {
        lastContactAt = now;
        unreachableSince = null;
        moveTo(SubnetState.HEALTHY, now);
    }

    public void noAgentFound(Instant now) {
        if (unreachableSince == null) {
            unreachableSince = now;
        }
        moveTo(SubnetState.UNREACHABLE, now);
    }

    /** A dedicated agent is not serving: degraded from {@code now}, unless it already was. True when it was not. */
    public boolean degraded(Instant now) {
        if (degradedSince != null) {
            return false;
        }
        degradedSince = now;
        return true;
    }

    /** Every dedicated agent serves again (or the subnet has none any more). True when it was degraded. */
    public boolean recovered() {
        boolean was = degradedSince != null;
        degradedSince = null;
        return was;
    }

    private void moveTo(SubnetState next, Instant now) {
        if (state != next) {
            state = next;
            stateChangedAt = now;
        }
    }

    public Long id() { return id; }
    public SubnetState state() { return state; }
    public Instant createdAt() { return createdAt; }
    public Instant stateChangedAt() { return stateChangedAt; }
    public Instant lastContactAt() { return lastContactAt; }
    public Instant unreachableSince() { return unreachableSince; }
    public Instant discoveryQueuedAt() { return discoveryQueuedAt; }
    public Instant degradedSince() { return degradedSince; }
}
