package org.reveille.interfaces.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.domain.model.machine.Chassis;
import org.reveille.domain.model.machine.MachineImport;
import org.reveille.net.Cidr;
import org.reveille.net.MacAddress;

class InventoryUpsertDocumentTest {

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    private static List<MachineImport> parseBatch(JsonValue json) {
        return RequestBinder.command(json, InventoryUpsertDocument.class);
    }

    @Test
    void parsesAValidBatchIntoCanonicalForms() {
        List<MachineImport> batch = parseBatch(json("{\"machines\":[{\"resourceId\":\" R1 \",\"name\":\"PC-1\","
                + "\"chassis\":\"Laptop\",\"nics\":[{\"mac\":\"AA-BB-CC-DD-EE-01\",\"ip\":\"10.1.2.3\",\"subnet\":\"10.1.2.0 255.255.255.0\"},"
                + "{\"mac\":\"aabb.ccdd.ee02\"}]}]}"));
        MachineImport m = batch.get(0);
        assertEquals("R1", m.resourceId());
        assertEquals(Chassis.LAPTOP, m.chassis());
        assertEquals(MacAddress.parse("aa:bb:cc:dd:ee:01"), m.nics().get(0).mac());
        assertEquals(Cidr.parse("10.1.2.0/24"), m.nics().get(0).subnet());
        assertEquals(null, m.nics().get(1).ip());
    }

    @Test
    void chassisDefaultsToUnknown() {
        assertEquals(Chassis.UNKNOWN, parseBatch(json(
                "{\"machines\":[{\"resourceId\":\"R\",\"name\":\"N\",\"nics\":[{\"mac\":\"02:00:00:00:00:01\"}]}]}")).get(0).chassis());
    }

    @Test
    void reportsEveryBadRowByPath() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parseBatch(json("{\"machines\":["
                + "{\"resourceId\":\"A\",\"name\":\"A\",\"nics\":[{\"mac\":\"00:00:00:00:00:00\"}]},"
                + "{\"resourceId\":\"B\",\"name\":\"B\",\"nics\":[{\"mac\":\"02:00:00:00:00:01\"}]},"
                + "{\"resourceId\":\"C\",\"name\":7,\"colour\":\"red\",\"nics\":[{\"mac\":\"02:00:00:00:00:02\"},"
                + "{\"mac\":\"02-00-00-00-00-02\"},{\"mac\":\"02:00:00:00:00:09\",\"ip\":\"10.0.0.1\",\"subnet\":\"10.0.1.0/24\"}]},"
                + "{\"resourceId\":\"B\",\"name\":\"B again\",\"nics\":[{\"mac\":\"02:00:00:00:00:03\"}]},"
                + "\"not an object\"]}")));
        List<String> fields = e.violations().stream().map(Violation::field).toList();
        assertEquals(List.of("machines[0].nics[0].mac", "machines[2].colour", "machines[2].name", "machines[2].nics[1].mac",
                "machines[2].nics[2].ip", "machines[3].resourceId", "machines[4]"), fields);
        assertTrue(e.getMessage().startsWith("4 of 5 machine(s) are invalid"), e.getMessage());
        assertTrue(e.violations().get(3).message().contains("duplicate MAC 02:00:00:00:00:02"), e.violations().get(3).message());
        assertTrue(e.violations().get(4).message().contains("not inside subnet 10.0.1.0/24"), e.violations().get(4).message());
    }

    @Test
    void bodyShapeAndSizeAreChecked() {
        assertThrows(InvalidInputException.class, () -> parseBatch(json("[]")));
        assertThrows(InvalidInputException.class, () -> parseBatch(json("{\"machines\":{}}")));
        StringBuilder tooMany = new StringBuilder("{\"machines\":[");
        for (int i = 0; i <= MachineImport.MAX_MACHINES_PER_REQUEST; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{}");
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parseBatch(json(tooMany + "]}")));
        assertTrue(e.getMessage().contains("send them in batches"), e.getMessage());
    }

    @Test
    void namesCountCharactersAndResourceIdsMustBeReadableBack() {
        String emoji = "\uD83D\uDE00".repeat(200);
        JsonValue ok = Json.createObjectBuilder().add("machines", Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("resourceId", "\uD83D\uDE00".repeat(128)).add("name", emoji)
                .add("nics", Json.createArrayBuilder().add(Json.createObjectBuilder().add("mac", "02:00:00:00:00:01"))))).build();
        assertEquals(emoji, parseBatch(ok).get(0).name());
        JsonValue bad = Json.createObjectBuilder().add("machines", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("resourceId", "a/b").add("name", "PC\u0000")
                        .add("nics", Json.createArrayBuilder().add(Json.createObjectBuilder().add("mac", "02:00:00:00:00:01"))))
                .add(Json.createObjectBuilder().add("resourceId", "..").add("name", "PC-2")
                        .add("nics", Json.createArrayBuilder().add(Json.createObjectBuilder().add("mac", "02:00:00:00:00:02"))))).build();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parseBatch(bad));
        assertEquals(List.of("machines[0].resourceId", "machines[0].name", "machines[1].resourceId"),
                e.violations().stream().map(Violation::field).toList());
    }

    @Test
    void unknownTopLevelMembersAreRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parseBatch(json(
                "{\"machines\":[{\"resourceId\":\"R1\",\"name\":\"PC-1\",\"nics\":[{\"mac\":\"02:00:00:00:00:01\"}]}],\"replace\":true}")));
        assertEquals(List.of("replace"), e.violations().stream().map(Violation::field).toList());
    }
}
