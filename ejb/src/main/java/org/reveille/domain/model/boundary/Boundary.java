package org.reveille.domain.model.boundary;

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
import java.util.Objects;
import org.reveille.net.Cidr;
import org.reveille.net.IpRange;
import org.reveille.net.Ipv4Address;

/**
 * Part of what this server is responsible for: a subnet or an inclusive IP range, with the source that
 * defined it (e.g. {@code sccm}, {@code console}). Boundaries from all sources are merged.
 */
@Entity
@Table(name = "boundary")
public class Boundary {

    public enum Kind { SUBNET, RANGE }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "boundary_seq")
    @SequenceGenerator(name = "boundary_seq", sequenceName = "boundary_seq", allocationSize = 50)
    private Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8, updatable = false)
    private Kind kind;

    @Column(name = "first_address", nullable = false, updatable = false)
    private long firstAddress;

    @Column(name = "last_address", nullable = false, updatable = false)
    private long lastAddress;

    @Column(nullable = false, length = 64, updatable = false)
    private String source;

    @Column(length = 510)
    private String description;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", length = 128, updatable = false)
    private String createdBy;

    protected Boundary() {
    }

    private Boundary(Kind kind, IpRange range, String source, String description, String createdBy, Instant now) {
        this.kind = kind;
        this.firstAddress = range.start().toLong();
        this.lastAddress = range.end().toLong();
        this.source = Objects.requireNonNull(source);
        this.description = description;
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    public static Boundary subnet(Cidr cidr, String source, String description, String createdBy, Instant now) {
        return new Boundary(Kind.SUBNET, cidr.toRange(), source, description, createdBy, now);
    }

    public static Boundary range(IpRange range, String source, String description, String createdBy, Instant now) {
        return new Boundary(Kind.RANGE, range, source, description, createdBy, now);
    }

    public IpRange range() {
        return IpRange.of(Ipv4Address.fromLong(firstAddress), Ipv4Address.fromLong(lastAddress));
    }

    /** The subnet of a SUBNET boundary. */
    public Cidr cidr() {
        if (kind != Kind.SUBNET) {
            throw new IllegalStateException("boundary " + id + " is an IP range");
        }
        int prefix = 32 - Long.numberOfTrailingZeros(lastAddress - firstAddress + 1);
        return Cidr.of(Ipv4Address.fromLong(firstAddress), prefix);
    }

    public Long id() { return id; }
    public Kind kind() { return kind; }
    public String source() { return source; }
    public String description() { return description; }
    public Instant createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }

    @Override
    public String toString() {
        return (kind == Kind.SUBNET ? cidr().toString() : range().toString()) + " (" + source + ")";
    }
}
