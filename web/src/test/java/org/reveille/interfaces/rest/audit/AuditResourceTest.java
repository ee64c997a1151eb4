package org.reveille.interfaces.rest.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.reveille.application.AuditTrail;
import org.reveille.interfaces.rest.Csv;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.audit.AuditKind;

/** The audit query's parameters and the export's CSV fields. */
class AuditResourceTest {

    @Test
    void csvFieldsFollowRfc4180AndNeverStartAFormula() {
        assertEquals("plain", Csv.field("plain"));
        assertEquals("", Csv.field(null));
        assertEquals("\"a,b\"", Csv.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.field("say \"hi\""));
        assertEquals("\"two\nlines\"", Csv.field("two\nlines"));
        assertEquals("'=1+2", Csv.field("=1+2"));
        assertEquals("'@SUM(A1)", Csv.field("@SUM(A1)"));
        assertEquals("\"'-2,3\"", Csv.field("-2,3"));
    }

    @Test
    void filtersAreParsedAndBadOnesNamed() {
        AuditTrail.Filter filter = AuditResource.filter("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", " admin ", "settings-changed");
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), filter.from());
        assertEquals("admin", filter.user());
        assertEquals(AuditKind.SETTINGS_CHANGED, filter.kind());
        AuditTrail.Filter none = AuditResource.filter(null, "", " ", null);
        assertNull(none.from());
        assertNull(none.user());
        assertNull(none.kind());

        InvalidInputException bad = assertThrows(InvalidInputException.class,
                () -> AuditResource.filter("yesterday", "2026-12-01T00:00:00Z", "u".repeat(200), "nonsense"));
        String fields = bad.violations().stream().map(v -> v.field()).sorted().toList().toString();
        assertEquals("[from, kind, user]", fields);
        assertTrue(bad.violations().stream().anyMatch(v -> v.message().contains("wake-requested")), "the kinds are named");
        assertThrows(InvalidInputException.class, () -> AuditResource.filter("2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z", null, null));
    }
}
