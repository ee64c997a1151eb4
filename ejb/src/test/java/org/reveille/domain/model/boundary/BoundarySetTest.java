package org.reveille.domain.model.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.domain.model.boundary.BoundarySet.Coverage;
import org.reveille.net.Cidr;
import org.reveille.net.IpRange;
import org.reveille.net.Ipv4Address;

class BoundarySetTest {

    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    private static Boundary subnet(String cidr, String source) {
        return Boundary.subnet(Cidr.parse(cidr), source, null, "admin", NOW);
    }

    private static Boundary range(String range, String source) {
        return Boundary.range(IpRange.parse(range), source, null, "admin", NOW);
    }

    @Test
    void sourcesMergeIntoDisjointSortedRanges() {
        BoundarySet set = new BoundarySet(List.of(
                subnet("10.2.0.0/16", "sccm"),
                range("10.1.0.0-10.1.0.127", "console"),
                range("10.1.0.128-10.1.0.255", "sccm"),     // adjacent: joins the previous one
                subnet("10.2.5.0/24", "console")));          // inside 10.2.0.0/16
        assertEquals(List.of(IpRange.parse("10.1.0.0-10.1.0.255"), IpRange.parse("10.2.0.0-10.2.255.255")), set.merged());
    }

    @Test
    void aSubnetIsOursOnlyWhenWhollyCovered() {
        BoundarySet set = new BoundarySet(List.of(range("192.168.0.1-192.168.0.128", "site-a"), subnet("10.0.0.0/8", "sccm")));
        assertEquals(Coverage.FULL, set.coverage(Cidr.parse("10.20.5.0/24")));
        assertEquals(Coverage.FULL, set.coverage(Cidr.parse("10.0.0.0/8")));
        assertEquals(Coverage.PARTIAL, set.coverage(Cidr.parse("192.168.0.0/24")), "the reference's split subnet");
        assertEquals(Coverage.PARTIAL, set.coverage(Cidr.parse("8.0.0.0/6")));
        assertEquals(Coverage.NONE, set.coverage(Cidr.parse("172.16.0.0/12")));
        assertTrue(set.contains(Ipv4Address.parse("192.168.0.128")));
        assertFalse(set.contains(Ipv4Address.parse("192.168.0.129")));
    }

    @Test
    void twoRangesTogetherCoverASubnet() {
        BoundarySet set = new BoundarySet(List.of(range("127.20.5.0-127.20.5.127", "a"), range("127.20.5.128-127.20.5.255", "b")));
        assertEquals(Coverage.FULL, set.coverage(Cidr.parse("127.20.5.0/24")));
        assertEquals(List.of(), set.overlaps(), "adjacent is not overlapping");
    }

    @Test
    void overlapsAreReportedPairwise() {
        Boundary a = subnet("10.0.0.0/8", "sccm");
        Boundary b = range("10.1.1.1-10.1.1.9", "console");
        Boundary c = subnet("11.0.0.0/8", "console");
        assertEquals(List.of(new BoundarySet.Overlap(a, b)), new BoundarySet(List.of(a, b, c)).overlaps());
    }

    @Test
    void noBoundariesCoverNothing() {
        BoundarySet set = new BoundarySet(List.of());
        assertTrue(set.isEmpty());
        assertEquals(Coverage.NONE, set.coverage(Cidr.parse("0.0.0.0/0")));
    }

    @Test
    void subnetBoundaryKeepsItsCidr() {
        assertEquals(Cidr.parse("0.0.0.0/0"), subnet("0.0.0.0/0", "all").cidr());
        assertEquals(Cidr.parse("10.1.2.3/32"), subnet("10.1.2.3/32", "one").cidr());
    }

    @Test
    void definitionsAreValidated() {
        BoundaryDefinition ok = BoundaryDefinition.of("10.1.0.0 255.255.0.0", null, "sccm", null);
        assertEquals(Cidr.parse("10.1.0.0/16"), ok.subnet());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> BoundaryDefinition.of("10.1.0.0/16", "10.2.0.1-10.2.0.9", "SCCM!", null));
        assertEquals(List.of("range", "source"), e.violations().stream().map(Violation::field).toList());
        InvalidInputException bad = assertThrows(InvalidInputException.class,
                () -> BoundaryDefinition.of(null, "10.2.0.9-10.2.0.1", "console", null));
        assertEquals("range", bad.violations().get(0).field());
        InvalidInputException blank = assertThrows(InvalidInputException.class,
                () -> BoundaryDefinition.of(" ", null, "console", "x".repeat(256)));
        assertEquals(List.of("subnet", "subnet", "description"), blank.violations().stream().map(Violation::field).toList());
    }

    @Test
    void theRequestBodyIsBoundWithEveryBadMemberNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> org.reveille.interfaces.json.RequestBinder.command(
                Json.createReader(new StringReader("{\"subnet\":\"10.1.0.0/16\",\"range\":\"10.2.0.1-10.2.0.9\",\"source\":\"SCCM!\",\"colour\":1}"))
                        .readValue(), org.reveille.interfaces.json.BoundaryDocument.class));
        assertEquals(List.of("colour", "range", "source"), e.violations().stream().map(Violation::field).toList());
        InvalidInputException types = assertThrows(InvalidInputException.class, () -> org.reveille.interfaces.json.RequestBinder.command(
                Json.createReader(new StringReader("{\"subnet\":5,\"source\":\"sccm\"}")).readValue(),
                org.reveille.interfaces.json.BoundaryDocument.class));
        assertEquals("subnet", types.violations().get(0).field());
    }
}
