package org.reveille.interfaces.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.domain.model.wake.WakeJobItem;
import org.reveille.domain.model.wake.WakeRequest;

class WakeRequestDocumentTest {

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    private static WakeRequest bind(JsonValue json) {
        return RequestBinder.command(json, WakeRequestDocument.class);
    }

    @Test
    void itemsKeepOrderDropDuplicatesAndMacsAreCanonical() {
        WakeRequest r = bind(json("{\"names\":[\"PC-1\",\"PC-1\"],\"macs\":[\"AA-BB-CC-DD-EE-FF\",\"aabb.ccdd.eeff\"],"
                + "\"collections\":[\"Lab\"],\"verify\":true,\"notBefore\":\"2026-11-22T06:00:00Z\"}"));
        assertEquals(List.of(new WakeJobItem(WakeJobItem.Kind.NAME, "PC-1"), new WakeJobItem(WakeJobItem.Kind.COLLECTION, "Lab"),
                new WakeJobItem(WakeJobItem.Kind.MAC, "aa:bb:cc:dd:ee:ff")), r.items());
        assertTrue(r.verify());
        assertEquals(Instant.parse("2026-11-22T06:00:00Z"), r.notBefore());
    }

    @Test
    void needsAtLeastOneTarget() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> bind(json("{\"names\":[]}")));
        assertTrue(e.violations().get(0).message().startsWith("name at least one target"));
    }

    @Test
    void everyProblemIsNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> bind(json(
                "{\"names\":\"PC-1\",\"macs\":[\"ff:ff:ff:ff:ff:ff\", 3],\"verify\":\"yes\",\"notBefore\":\"tomorrow\",\"priority\":1}")));
        assertEquals(List.of("priority", "names", "macs[0]", "macs[1]", "verify", "notBefore"),
                e.violations().stream().map(Violation::field).toList());
    }

    @Test
    void bodyMustBeAnObject() {
        assertThrows(InvalidInputException.class, () -> bind(json("[\"PC-1\"]")));
    }

    @Test
    void lengthsCountCharactersPerKindAndRefuseControlCharacters() {
        String emoji = "\uD83D\uDE00".repeat(200);
        WakeRequest ok = bind(Json.createObjectBuilder().add("names", Json.createArrayBuilder()
                .add("N".repeat(255)).add(emoji)).add("collections", Json.createArrayBuilder().add("C".repeat(255))).build());
        assertEquals(3, ok.items().size());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> bind(Json.createObjectBuilder()
                .add("names", Json.createArrayBuilder().add("N".repeat(256)).add("a\u0000b"))
                .add("resourceIds", Json.createArrayBuilder().add("R".repeat(129)).add("a/b").add("ok-1"))
                .add("collections", Json.createArrayBuilder().add("lab\u0007")).build()));
        assertEquals(List.of("names[0]", "names[1]", "resourceIds[0]", "resourceIds[1]", "collections[0]"),
                e.violations().stream().map(Violation::field).toList());
        assertTrue(e.violations().get(1).message().contains("U+0000"), e.violations().get(1).message());
    }

    @Test
    void notBeforeMustBeInARange() {
        for (String far : List.of("+1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z", "1969-12-31T23:59:59Z")) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> bind(json("{\"names\":[\"PC-1\"],\"notBefore\":\"" + far + "\"}")), far);
            assertEquals("notBefore", e.violations().get(0).field());
        }
        Instant now = Instant.parse("2026-12-02T00:00:00Z");
        WakeRequest inAYear = bind(json("{\"names\":[\"PC-1\"],\"notBefore\":\"2027-12-02T00:00:00Z\"}"));
        inAYear.requireScheduleWithin(now);
        WakeRequest tooLate = bind(json("{\"names\":[\"PC-1\"],\"notBefore\":\"2027-12-04T00:00:00Z\"}"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> tooLate.requireScheduleWithin(now));
        assertEquals("notBefore", e.violations().get(0).field());
    }
}
