package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET|POST /api/boundaries and DELETE /api/boundaries/{id} on the real server. */
@ExtendWith(ArquillianExtension.class)
class BoundaryIT extends ServerTestSupport {

    /** Other test classes share the database: the boundaries of this class go (its one inventory machine is outside them all then). */
    @AfterAll
    static void removeBoundaries() {
        get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(b -> b.toString().contains("\"127.50.") || b.toString().contains("\"127.60."))
                .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
    }

    @Test
    void boundariesMergeOverlapsAreReportedAndSplitSubnetsListed() {
        // an inventory subnet that the boundaries below will cut in half
        assertEquals(200, put("/api/inventory/machines", "{\"machines\":[{\"resourceId\":\"B-1\",\"name\":\"B-1\","
                + "\"nics\":[{\"mac\":\"02:bb:00:00:00:01\",\"ip\":\"127.50.1.10\",\"subnet\":\"127.50.1.0/24\"}]}]}", ADMIN).status());

        Reply wide = post("/api/boundaries", "{\"subnet\":\"127.50.0.0/16\",\"source\":\"sccm\",\"description\":\"lab\"}", ADMIN);
        assertEquals(201, wide.status(), wide.body());
        long wideId = wide.json().getJsonNumber("id").longValue();
        Reply inside = post("/api/boundaries", "{\"subnet\":\"127.50.9.0 255.255.255.0\",\"source\":\"console\"}", ADMIN);
        assertEquals(201, inside.status(), inside.body());
        assertEquals("127.50.9.0/24", inside.json().getString("subnet"));

        JsonObject listed = get("/api/boundaries", OPERATOR).json();
        // other test classes share the database: look only at 127.50.x
        assertEquals(List.of("127.50.0.0-127.50.255.255"), listed.getJsonArray("merged").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).filter(r -> r.startsWith("127.50.")).toList());
        assertEquals(1, listed.getJsonArray("overlaps").getValuesAs(JsonObject.class).stream()
                .filter(o -> o.getString("detail").contains("127.50.")).count(), listed.toString());
        assertEquals(0, listed.getJsonArray("splitSubnets").getValuesAs(jakarta.json.JsonString.class).stream()
                .filter(s -> s.getString().startsWith("127.50.")).count(), "127.50.1.0/24 is wholly inside: " + listed);

        // replace the /16 by half of 127.50.1.0/24: that subnet is now split
        assertEquals(204, delete("/api/boundaries/" + wideId, ADMIN).status());
        assertEquals(404, delete("/api/boundaries/" + wideId, ADMIN).status());
        Reply half = post("/api/boundaries", "{\"range\":\"127.50.1.0-127.50.1.127\",\"source\":\"console\"}", ADMIN);
        assertEquals(201, half.status(), half.body());
        JsonObject after = get("/api/boundaries", ADMIN).json();
        assertTrue(after.getJsonArray("splitSubnets").toString().contains("127.50.1.0/24"), after.toString());
        assertEquals(0, after.getJsonArray("overlaps").getValuesAs(JsonObject.class).stream()
                .filter(o -> o.getString("detail").contains("127.50.")).count());
    }

    @Test
    void duplicatesBadInputAndRolesAreRefused() {
        assertEquals(201, post("/api/boundaries", "{\"range\":\"127.60.0.1-127.60.0.50\",\"source\":\"sccm\"}", ADMIN).status());
        Reply duplicate = post("/api/boundaries", "{\"range\":\"127.60.0.1 - 127.60.0.50\",\"source\":\"sccm\"}", ADMIN);
        assertEquals(409, duplicate.status(), duplicate.body());
        assertTrue(duplicate.contentType().startsWith("application/problem+json"));

        Reply bad = post("/api/boundaries", "{\"subnet\":\"127.60.0.1/24\",\"source\":\"\"}", ADMIN);
        assertEquals(400, bad.status(), bad.body());
        assertEquals(2, bad.json().getJsonArray("errors").size(), bad.body());

        assertEquals(403, post("/api/boundaries", "{\"subnet\":\"127.61.0.0/24\",\"source\":\"console\"}", OPERATOR).status());
        assertEquals(403, post("/api/boundaries", "{\"subnet\":\"127.61.0.0/24\",\"source\":\"console\"}", INVENTORY).status());
        assertEquals(403, get("/api/boundaries", INVENTORY).status());
    }
}
