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
import org.reveille.net.Ipv6Prefix;

/**
 * Part of what this server is responsible for: a subnet or an inclusive IP range, or an IPv6 prefix (docs/network.md,
 * "IPv6"), with the source that defined it (e.g. {@code sccm}, {@code console}). Boundaries from all sources are merged.
 */
@Entity
@Table(name = "boundary")
public class Boundary {

    public enum Kind { SUBNET, RANGE, PREFIX6 }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "boundary_seq")
    @SequenceGenerator(name = "boundary_seq", sequenceName = "boundary_seq", allocationSize = 50)
    private Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8, updatable = false)
    private Kind kind;

    /** The IPv4 range of a SUBNET or RANGE boundary; null for a PREFIX6 one. */
    @Column(name = "first_address", updatable = false)
    private Long firstAddress;

    @Column(name = "last_address", updatable = false)
    private Long lastAddress;

    @Column(name = "prefix6", length = 43, updatable = false)
    private Ipv6Prefix prefix6;

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

    public static Boundary prefix6(Ipv6Prefix prefix, String source, String description, String createdBy, Instant now) {
        Boundary boundary = new Boundary();
        boundary.kind = Kind.PREFIX6;
        boundary.prefix6 = Objects.requireNonNull(prefix);
        boundary.source = Objects.requireNonNull(source);
        boundary.description = description;
        boundary.createdBy = createdBy;
        boundary.createdAt = now;
        return boundary;
    }

    /** The IPv4 addresses of a SUBNET or RANGE boundary. */
    public IpRange range() {
        if (kind == Kind.PREFIX6) {
            throw new IllegalStateException("boundary " + id + " is an IPv6 prefix");
        }
        return IpRange.of(Ipv4Address.fromLong(firstAddress), Ipv4Address.fromLong(lastAddress));
    }

    /** The prefix of a PREFIX6 boundary. */
    public Ipv6Prefix prefix6() {
        if (kind != Kind.PREFIX6) {
            throw new IllegalStateException("boundary " + id + " is an IPv4 " + kind.name().toLowerCase(java.util.Locale.ROOT));
        }
        return prefix6;
    }

    /** The subnet of a SUBNET boundary. */
    public Cidr cidr() {
        if (kind != Kind.SUBNET) {
            throw new IllegalStateException("boundary " + id + " is an IP range");
        }
        int prefix = 32 - Long.numberOfTrailingZeros(lastAddress - firstAddress + 1);
        return Cidr.of(Ipv4Address.fromLong(firstAddress), prefix);
    }

    /** Whether the two share an address: IPv4 boundaries by their ranges, IPv6 ones by their prefixes. */
    public boolean overlaps(Boundary other) {
        boolean six = kind == Kind.PREFIX6;
        if (six != (other.kind == Kind.PREFIX6)) {
            return false;
        }
        return six ? prefix6.overlaps(other.prefix6) : range().overlaps(other.range());
    }

    /** Whether the two are of one kind and cover the same addresses. */
    public boolean sameAddresses(Boundary other) {
        return kind == other.kind && (kind == Kind.PREFIX6 ? prefix6.equals(other.prefix6) : range().equals(other.range()));
    }

    public Long id() { return id; }
    public Kind kind() { return kind; }
    public String source() { return source; }
    public String description() { return description; }
    public Instant createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }

    @Override
    public String toString() {
        return (kind == Kind.SUBNET ? cidr().toString() : kind == Kind.PREFIX6 ? prefix6.toString() : range().toString())
                + " (" + source + ")";
    }
}
