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
import java.time.Instant;
import java.util.Objects;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv6Prefix;

/**
 * An IPv6 prefix of a link, and the IPv4 subnet of the agent list that is the same link (docs/network.md, "IPv6"):
 * learned from an agent's REGISTRATION (protocol version 4) or set by an administrator. A prefix names one link;
 * keyed by the prefix, not by the subnet's row, so that an administrator's prefixes outlive the subnet's removal from
 * the agent list as its policy does. An agent never moves an administrator's prefix.
 */
@Entity
@Table(name = "link_prefix")
public class LinkPrefix {

    /** Who said the prefix is on the link. */
    public enum Source { AGENT, ADMIN }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "link_prefix_seq")
    @SequenceGenerator(name = "link_prefix_seq", sequenceName = "link_prefix_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false, length = 43, updatable = false)
    private Ipv6Prefix prefix;

    @Column(nullable = false, length = 18)
    private Cidr subnet;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    private Source source;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected LinkPrefix() {
    }

    public LinkPrefix(Ipv6Prefix prefix, Cidr subnet, Source source, Instant now) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.subnet = Objects.requireNonNull(subnet, "subnet");
        this.source = Objects.requireNonNull(source, "source");
        this.updatedAt = now;
    }

    /** The prefix is on {@code link} now, as {@code by} says. */
    public void movedTo(Cidr link, Source by, Instant now) {
        this.subnet = Objects.requireNonNull(link, "link");
        this.source = Objects.requireNonNull(by, "by");
        this.updatedAt = now;
    }

    public Ipv6Prefix prefix() { return prefix; }
    public Cidr subnet() { return subnet; }
    public Source source() { return source; }
    public Instant updatedAt() { return updatedAt; }

    @Override
    public String toString() {
        return prefix + " on " + subnet + " (" + source.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
