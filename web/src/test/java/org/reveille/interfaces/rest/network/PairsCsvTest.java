package org.reveille.interfaces.rest.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.domain.model.subnet.SubnetPairingImport.Row;

class PairsCsvTest {

    @Test
    void readsRowsWithTheirLinesSkippingHeaderCommentsAndBlankLines() {
        String text = "\uFEFFsubnet,paired\r\n# building A\r\n\r\n127.98.1.0/24, 127.98.201.0/24\r\n\"127.98.2.0/24\",\"127.98.202.0/24\"\n";
        assertEquals(List.of(new Row(4, "127.98.1.0/24", "127.98.201.0/24"), new Row(5, "127.98.2.0/24", "127.98.202.0/24")), PairsCsv.rows(text));
        assertEquals(List.of(new Row(1, "127.98.1.0/24", "127.98.201.0/24")), PairsCsv.rows("127.98.1.0/24,127.98.201.0/24"), "no header");
        assertEquals(List.of(), PairsCsv.rows(""));
    }

    @Test
    void aLineOfAnotherShapeIsNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PairsCsv.rows("subnet,paired\n127.98.1.0/24\n127.98.1.0/24,127.98.201.0/24\n127.98.1.0/24,127.98.201.0/24,x\n"));
        assertEquals(List.of("row 2", "row 4"), e.violations().stream().map(Violation::field).toList());
    }
}
