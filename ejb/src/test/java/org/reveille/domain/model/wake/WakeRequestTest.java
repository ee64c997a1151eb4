package org.reveille.domain.model.wake;

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

class WakeRequestTest {

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    @Test
    void itemsKeepOrderDropDuplicatesAndMacsAreCanonical() {
        WakeRequest r = WakeRequest.fromJson(json("{\"names\":[\"PC-1\",\"PC-1\"],\"macs\":[\"AA-BB-CC-DD-EE-FF\",\"aabb.ccdd.eeff\"],"
                + "\"collections\":[\"Lab\"],\"verify\":true,\"notBefore\":\"2026-11-22T06:00:00Z\"}"));
        assertEquals(List.of(new WakeJobItem(WakeJobItem.Kind.NAME, "PC-1"), new WakeJobItem(WakeJobItem.Kind.COLLECTION, "Lab"),
                new WakeJobItem(WakeJobItem.Kind.MAC, "aa:bb:cc:dd:ee:ff")), r.items());
        assertTrue(r.verify());
        assertEquals(Instant.parse("2026-11-22T06:00:00Z"), r.notBefore());
    }

    @Test
    void needsAtLeastOneTarget() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> WakeRequest.fromJson(json("{\"names\":[]}")));
        assertTrue(e.violations().get(0).message().startsWith("name at least one target"));
    }

    @Test
    void everyProblemIsNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> WakeRequest.fromJson(json(
                "{\"names\":\"PC-1\",\"macs\":[\"ff:ff:ff:ff:ff:ff\", 3],\"verify\":\"yes\",\"notBefore\":\"tomorrow\",\"priority\":1}")));
        assertEquals(List.of("priority", "names", "macs[0]", "macs[1]", "verify", "notBefore"),
                e.violations().stream().map(Violation::field).toList());
    }

    @Test
    void bodyMustBeAnObject() {
        assertThrows(InvalidInputException.class, () -> WakeRequest.fromJson(json("[\"PC-1\"]")));
    }
}
