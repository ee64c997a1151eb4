package org.reveille.domain.model.subnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.domain.model.subnet.SubnetPairingImport.Row;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.WakeBatch;

class SubnetPairingTest {

    @Test
    void aSubnetNamesItsPairsAndTheirBroadcastAddresses() {
        SubnetPairing pairing = SubnetPairing.of("127.88.1.0/24", List.of("127.88.2.0/24", " 127.88.3.128/25 "));
        assertEquals(Cidr.parse("127.88.1.0/24"), pairing.subnet());
        assertEquals(List.of(Ipv4Address.parse("127.88.2.255"), Ipv4Address.parse("127.88.3.255")), pairing.broadcasts());
        assertEquals(List.of(), SubnetPairing.of("127.88.1.0/24", List.of()).paired(), "no pairs: every pair removed");
        assertEquals(WakeBatch.MAX_PAIRED, SubnetPairing.MAX_PAIRED, "as many as one wake batch carries");
    }

    @Test
    void everyBadEntryIsNamedByItsField() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SubnetPairing.of("127.88.1.0/24", List.of("127.88.1.128/25", "nonsense", "127.88.5.0/31", "127.88.6.0/24", "127.88.6.0/24")));
        assertEquals(List.of("paired[1]"), fields(e), "parse errors first: " + e.violations());
        InvalidInputException rules = assertThrows(InvalidInputException.class,
                () -> SubnetPairing.of("127.88.1.0/24", List.of("127.88.1.128/25", "127.88.5.0/31", "127.88.6.0/24", "127.88.6.0/24", "127.0.0.0/8")));
        assertEquals(List.of("paired[0]", "paired[1]", "paired[3]", "paired[4]", "paired[4]", "paired[4]", "paired[4]", "paired[4]"), fields(rules), rules.violations().toString());
        assertTrue(rules.violations().get(0).message().contains("overlaps 127.88.1.0/24 itself"), rules.violations().toString());
        assertTrue(rules.violations().get(1).message().contains("a /8 to a /30"), rules.violations().toString());
        assertTrue(rules.violations().get(2).message().contains("named twice"), rules.violations().toString());
        assertEquals(List.of("paired[0]"), fields(assertThrows(InvalidInputException.class,
                () -> SubnetPairing.of("127.88.1.0/24", List.of("127.88.0.0/16")))), "a pair containing the subnet overlaps it too");
        InvalidInputException tooMany = assertThrows(InvalidInputException.class, () -> SubnetPairing.of("127.88.1.0/24",
                IntStream.range(0, 9).mapToObj(i -> "127.89." + i + ".0/24").toList()));
        assertEquals(List.of("paired"), fields(tooMany));
        assertEquals(List.of("subnet", "paired"), fields(assertThrows(InvalidInputException.class, () -> SubnetPairing.of(" ", null))));
    }

    @Test
    void anImportGroupsRowsBySubnetInRowOrder() {
        List<SubnetPairing> pairings = SubnetPairingImport.of(List.of(
                new Row(2, "127.88.1.0/24", "127.89.1.0/24"),
                new Row(3, "127.88.2.0/24", "127.89.2.0/24"),
                new Row(4, "127.88.1.0/24", "127.89.11.0/24")));
        assertEquals(List.of(new SubnetPairing(Cidr.parse("127.88.1.0/24"), List.of(Cidr.parse("127.89.1.0/24"), Cidr.parse("127.89.11.0/24"))),
                new SubnetPairing(Cidr.parse("127.88.2.0/24"), List.of(Cidr.parse("127.89.2.0/24")))), pairings);
    }

    @Test
    void anImportNamesEveryBadRowAndTakesNothing() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(2, "127.88.1.0/24", "127.89.1.0/24"));
        rows.add(new Row(3, "127.88.1.0/24", "127.89.1.0/24"));      // twice
        rows.add(new Row(4, "not-a-subnet", "127.89.2.0/24"));
        rows.add(new Row(5, "127.88.3.0/24", ""));
        rows.add(new Row(6, "127.88.4.0/24", "127.88.4.0/25"));      // inside itself
        for (int i = 0; i < 9; i++) {
            rows.add(new Row(10 + i, "127.88.5.0/24", "127.90." + i + ".0/24"));   // the ninth is one too many
        }
        rows.add(new Row(30, "127.88.5.0/24", "127.90.20.0/24"));     // and the tenth
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SubnetPairingImport.of(rows));
        assertEquals(List.of("row 3", "row 4 subnet", "row 5 paired", "row 6", "row 18", "row 30"), fields(e), e.violations().toString());
        assertTrue(e.getMessage().contains("nothing was imported"), e.getMessage());
        assertEquals(List.of("rows"), fields(assertThrows(InvalidInputException.class, () -> SubnetPairingImport.of(List.of()))));
        List<Row> huge = IntStream.range(0, SubnetPairingImport.MAX_ROWS + 1).mapToObj(i -> new Row(i + 1, "127.88.1.0/24", "127.89.1.0/24")).toList();
        assertEquals(List.of("rows"), fields(assertThrows(InvalidInputException.class, () -> SubnetPairingImport.of(huge))));
    }

    private static List<String> fields(InvalidInputException e) {
        return e.violations().stream().map(Violation::field).toList();
    }
}
