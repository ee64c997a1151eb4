package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PUT /api/inventory/machines and the machine look-ups, on the real server and database. */
@ExtendWith(ArquillianExtension.class)
class InventoryIT extends ServerTestSupport {

    /** 1,000 machines named INV-0000…, two NICs each on 127.30.x.0/24, with locally administered MACs. */
    static String batch(String prefix, int count, int badIndex) {
        return IntStream.range(0, count).mapToObj(i -> machine(prefix, i, i == badIndex))
                .collect(Collectors.joining(",", "{\"machines\":[", "]}"));
    }

    static String machine(String prefix, int i, boolean badMac) {
        int third = i / 200;
        int host = i % 200 + 10;
        String mac1 = badMac ? "02:00:00:zz:00:01" : String.format("02:%s:%02x:%02x:00:01", prefix.equals("INV") ? "10" : "20", third, host);
        String mac2 = String.format("02:%s:%02x:%02x:00:02", prefix.equals("INV") ? "10" : "20", third, host);
        String chassis = List.of("server", "workstation", "laptop", "unknown").get(i % 4);
        return String.format("{\"resourceId\":\"%s-R%04d\",\"name\":\"%s-%04d\",\"chassis\":\"%s\",\"nics\":["
                        + "{\"mac\":\"%s\",\"ip\":\"127.30.%d.%d\",\"subnet\":\"127.30.%d.0/24\"},"
                        + "{\"mac\":\"%s\",\"ip\":\"127.31.%d.%d\",\"subnet\":\"127.31.%d.0 255.255.255.0\"}]}",
                prefix, i, prefix, i, chassis, mac1, third, host, third, mac2, third, host, third);
    }

    @Test
    void upsertThousandThenReUpsertIsIdempotent() {
        Reply first = put("/api/inventory/machines", batch("INV", 1000, -1), INVENTORY);
        assertEquals(200, first.status(), first.body());
        assertEquals(1000, first.json().getInt("created"));

        Reply again = put("/api/inventory/machines", batch("INV", 1000, -1), INVENTORY);
        assertEquals(200, again.status(), again.body());
        assertEquals(0, again.json().getInt("created"));
        assertEquals(0, again.json().getInt("updated"));
        assertEquals(1000, again.json().getInt("unchanged"));

        JsonObject all = get("/api/machines?name=inv-*&limit=1", OPERATOR).json();
        assertEquals(1000, all.getInt("total"), "no duplicates after the re-upsert");

        JsonObject one = get("/api/machines?name=INV-0417", OPERATOR).json();
        assertEquals(1, one.getInt("total"));
        JsonObject machine = one.getJsonArray("items").getJsonObject(0);
        assertEquals("INV-R0417", machine.getString("resourceId"));
        assertEquals("workstation", machine.getString("chassis"), "417 % 4 == 1: workstation");
        assertEquals(2, machine.getJsonArray("nics").size());
        assertEquals("127.31.2.0/24", machine.getJsonArray("nics").getJsonObject(1).getString("subnet"),
                "the mask form is stored in canonical CIDR form");

        Reply byId = get("/api/machines/INV-R0417", INVENTORY);
        assertEquals(200, byId.status());
        assertEquals("INV-0417", byId.json().getString("name"));
    }

    @Test
    void changedMachineIsUpdatedNotDuplicated() {
        assertEquals(200, put("/api/inventory/machines", "{\"machines\":[" + machine("UPD", 1, false) + "]}", ADMIN).status());
        String renamed = machine("UPD", 1, false).replace("\"name\":\"UPD-0001\"", "\"name\":\"UPD-renamed\"");
        Reply reply = put("/api/inventory/machines", "{\"machines\":[" + renamed + "]}", ADMIN);
        assertEquals(1, reply.json().getInt("updated"), reply.body());
        assertEquals("UPD-renamed", get("/api/machines/UPD-R0001", ADMIN).json().getString("name"));
        assertEquals(0, get("/api/machines?name=UPD-0001", ADMIN).json().getInt("total"));
    }

    @Test
    void oneBadMacRejectsTheWholeBatchAndStoresNothing() {
        Reply reply = put("/api/inventory/machines", batch("BAD", 50, 17), INVENTORY);
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.contentType().startsWith("application/problem+json"));
        var errors = reply.json().getJsonArray("errors").getValuesAs(JsonObject.class);
        assertEquals(1, errors.size(), reply.body());
        assertEquals("machines[17].nics[0].mac", errors.get(0).getString("field"));
        assertTrue(errors.get(0).getString("message").contains("02:00:00:zz:00:01"), errors.get(0).getString("message"));
        assertEquals(0, get("/api/machines?name=BAD-*", ADMIN).json().getInt("total"), "no row of a rejected batch is stored");
        assertEquals(404, get("/api/machines/BAD-R0000", ADMIN).status());
    }

    @Test
    void everyBadRowIsListed() {
        String body = "{\"machines\":["
                + "{\"resourceId\":\"E-1\",\"name\":\"E-1\",\"nics\":[{\"mac\":\"ff:ff:ff:ff:ff:ff\"}]},"
                + "{\"resourceId\":\"E-2\",\"name\":\"E-2\",\"chassis\":\"tablet\",\"nics\":[{\"mac\":\"02:00:00:00:00:02\",\"ip\":\"127.0.0.300\"}]},"
                + "{\"resourceId\":\"E-3\",\"nics\":[]},"
                + "{\"resourceId\":\"E-4\",\"name\":\"E-4\",\"nics\":[{\"mac\":\"02:00:00:00:00:04\",\"ip\":\"127.1.2.3\",\"subnet\":\"127.9.9.0/24\"}]},"
                + "{\"resourceId\":\"E-1\",\"name\":\"dup\",\"nics\":[{\"mac\":\"02:00:00:00:00:05\"}]}]}";
        Reply reply = put("/api/inventory/machines", body, INVENTORY);
        assertEquals(400, reply.status(), reply.body());
        List<String> fields = reply.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("field")).toList();
        assertTrue(fields.containsAll(List.of("machines[0].nics[0].mac", "machines[1].chassis", "machines[1].nics[0].ip",
                "machines[2].name", "machines[2].nics", "machines[3].nics[0].ip")), fields.toString());
        assertTrue(reply.json().getString("detail").contains("nothing was stored"));
    }

    @Test
    void malformedJsonAndUnknownMachineAreProblems() {
        Reply malformed = put("/api/inventory/machines", "{\"machines\":[{", INVENTORY);
        assertEquals(400, malformed.status(), malformed.body());
        assertTrue(malformed.contentType().startsWith("application/problem+json"));
        assertEquals("Malformed JSON", malformed.json().getString("title"));

        Reply missing = get("/api/machines/NO-SUCH-MACHINE", OPERATOR);
        assertEquals(404, missing.status());
        assertTrue(missing.contentType().startsWith("application/problem+json"));

        Reply badPaging = get("/api/machines?limit=100000", OPERATOR);
        assertEquals(400, badPaging.status());
        assertEquals("limit", badPaging.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }
}
