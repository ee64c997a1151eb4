package org.reveille.domain.model.boundary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.reveille.net.Cidr;
import org.reveille.net.IpRange;
import org.reveille.net.Ipv4Address;

/**
 * The merged boundaries of this server: what it is responsible for. Boundaries of every source are merged into
 * disjoint, sorted address ranges.
 *
 * <p>Rule for a partly covered subnet (documented in docs/boundaries.md): a subnet belongs to this server only
 * when every address of it lies inside the merged boundaries ({@link Coverage#FULL}). A subnet that is only
 * partly covered ({@link Coverage#PARTIAL}) is reported as split: the Agent State Manager does not add it
 * proactively, because its agents may answer to another server; a wake of a machine whose own address is inside
 * the boundaries still discovers it on demand.
 */
public final class BoundarySet {

    public enum Coverage { FULL, PARTIAL, NONE }

    /** Two configured boundaries that share addresses. */
    public record Overlap(Boundary first, Boundary second) {
    }

    private final List<Boundary> boundaries;
    private final List<IpRange> merged;
    /** The IPv6 prefix boundaries (docs/network.md, "IPv6"); an IPv6 address is inside when one holds it. */
    private final List<org.reveille.net.Ipv6Prefix> prefixes6;

    public BoundarySet(List<Boundary> boundaries) {
        this.boundaries = List.copyOf(boundaries);
        this.merged = merge(boundaries.stream().filter(b -> b.kind() != Boundary.Kind.PREFIX6).map(Boundary::range).toList());
        this.prefixes6 = boundaries.stream().filter(b -> b.kind() == Boundary.Kind.PREFIX6).map(Boundary::prefix6).toList();
    }

    static List<IpRange> merge(List<IpRange> ranges) {
        List<IpRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.naturalOrder());
        List<IpRange> merged = new ArrayList<>();
        for (IpRange range : sorted) {
            if (!merged.isEmpty()) {
                IpRange last = merged.get(merged.size() - 1);
                // adjacent ranges merge too: 10.0.0.0-10.0.0.127 and 10.0.0.128-10.0.0.255 cover the /24
                if (range.start().toLong() <= last.end().toLong() + 1) {
                    if (range.end().compareTo(last.end()) > 0) {
                        merged.set(merged.size() - 1, IpRange.of(last.start(), range.end()));
                    }
                    continue;
                }
            }
            merged.add(range);
        }
        return List.copyOf(merged);
    }

    public boolean isEmpty() {
        return boundaries.isEmpty();
    }

    public List<Boundary> boundaries() {
        return boundaries;
    }

    /** Disjoint, sorted, adjacent ranges joined. */
    public List<IpRange> merged() {
        return merged;
    }

    public boolean contains(Ipv4Address address) {
        return merged.stream().anyMatch(r -> r.contains(address));
    }

    /** Whether an IPv6 prefix boundary holds {@code address}; false for null. */
    public boolean contains(org.reveille.net.Ipv6Address address) {
        return address != null && prefixes6.stream().anyMatch(p -> p.contains(address));
    }

    /** The IPv6 prefix boundaries, in configuration order. */
    public List<org.reveille.net.Ipv6Prefix> prefixes6() {
        return prefixes6;
    }

    public Coverage coverage(Cidr subnet) {
        IpRange wanted = subnet.toRange();
        boolean touched = false;
        for (IpRange range : merged) {
            if (range.contains(wanted)) {
                return Coverage.FULL;
            }
            touched |= range.overlaps(wanted);
        }
        return touched ? Coverage.PARTIAL : Coverage.NONE;
    }

    /** Every pair of configured boundaries that share at least one address, in configuration order. */
    public List<Overlap> overlaps() {
        List<Overlap> overlaps = new ArrayList<>();
        for (int i = 0; i < boundaries.size(); i++) {
            for (int j = i + 1; j < boundaries.size(); j++) {
                if (boundaries.get(i).overlaps(boundaries.get(j))) {
                    overlaps.add(new Overlap(boundaries.get(i), boundaries.get(j)));
                }
            }
        }
        return overlaps;
    }
}
