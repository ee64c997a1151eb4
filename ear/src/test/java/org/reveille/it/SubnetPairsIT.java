package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Paired subnets (issue 16, item 1; docs/api.md "Paired subnets") on the real server and database: one subnet's pairs
 * replaced and removed, audited; bad entries named by field; roles; a CSV import of hundreds of pairs, and a bad file
 * refused naming every bad row with nothing imported; concurrent writers of one subnet leave one writer's whole list.
 * Every subnet is in 127.98.0.0/16, and nothing here wakes: no packet is sent.
 */
@ExtendWith(ArquillianExtension.class)
class SubnetPairsIT extends ServerTestSupport {

    @Test
    void aSubnetsPairsAreReplacedRemovedAndAudited() {
        Reply set = put("/api/subnet-pairs", "{\"subnet\":\"127.98.1.0/24\",\"paired\":[\"127.98.201.0/24\",\"127.98.202.128/25\"]}", ADMIN);
        assertEquals(200, set.status(), set.body());
        assertEquals(List.of("127.98.201.0/24", "127.98.202.128/25"), strings(set.json(), "paired"));
        assertEquals(List.of("127.98.201.255", "127.98.202.255"), strings(set.json(), "pairedBroadcasts"));
        JsonObject one = get("/api/subnet-pairs?subnet=127.98.1.0/24", OPERATOR).json().getJsonArray("items").getJsonObject(0);
        assertEquals(List.of("127.98.201.0/24", "127.98.202.128/25"), strings(one, "paired"));
        assertTrue(get("/api/subnet-pairs?limit=1000", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .anyMatch(p -> "127.98.1.0/24".equals(p.getString("subnet"))));

        assertEquals(200, put("/api/subnet-pairs", "{\"subnet\":\"127.98.1.0/24\",\"paired\":[\"127.98.203.0/24\"]}", ADMIN).status());
        JsonObject changed = newestAudit("subnet-pairs-changed", "subnet 127.98.1.0/24");
        assertEquals(List.of("127.98.203.0/24"), strings(changed.getJsonObject("detail"), "paired"));
        assertEquals(List.of("127.98.201.0/24", "127.98.202.128/25"), strings(changed.getJsonObject("detail"), "before"));

        Reply removed = put("/api/subnet-pairs", "{\"subnet\":\"127.98.1.0/24\",\"paired\":[]}", ADMIN);
        assertEquals(200, removed.status(), removed.body());
        assertEquals(List.of(), strings(get("/api/subnet-pairs?subnet=127.98.1.0/24", ADMIN).json().getJsonArray("items").getJsonObject(0), "paired"));
        assertTrue(get("/api/subnet-pairs?limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .noneMatch(p -> "127.98.1.0/24".equals(p.getString("subnet"))), "a subnet without pairs is not listed");
    }

    @Test
    void badEntriesAreNamedAndRolesDecide() {
        Reply bad = put("/api/subnet-pairs", "{\"subnet\":\"127.98.2.0/24\",\"paired\":[\"127.98.2.128/25\",\"nonsense\"]}", ADMIN);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.contentType().startsWith("application/problem+json"), bad.contentType());
        assertEquals(List.of("paired[1]"), fields(bad));
        Reply rules = put("/api/subnet-pairs", "{\"subnet\":\"127.98.2.0/24\",\"paired\":[\"127.98.2.128/25\",\"127.98.204.0/31\",\"127.98.205.0/24\",\"127.98.205.0/24\"]}", ADMIN);
        assertEquals(400, rules.status(), rules.body());
        assertEquals(List.of("paired[0]", "paired[1]", "paired[3]"), fields(rules));
        String nine = IntStream.range(0, 9).mapToObj(i -> "\"127.98." + (210 + i) + ".0/24\"").collect(Collectors.joining(","));
        assertEquals(List.of("paired"), fields(put("/api/subnet-pairs", "{\"subnet\":\"127.98.2.0/24\",\"paired\":[" + nine + "]}", ADMIN)));
        assertEquals(400, put("/api/subnet-pairs", "{\"subnet\":\"127.98.2.0/24\",\"paired\":\"127.98.205.0/24\"}", ADMIN).status(), "paired is a list");
        assertEquals(400, put("/api/subnet-pairs", "{\"subnet\":\"127.98.2.0/24\",\"paired\":[],\"extra\":1}", ADMIN).status(), "unknown member");
        assertEquals(400, get("/api/subnet-pairs?subnet=nonsense", ADMIN).status());
        assertEquals(List.of(), strings(get("/api/subnet-pairs?subnet=127.98.2.0/24", ADMIN).json().getJsonArray("items").getJsonObject(0), "paired"),
                "nothing of the refused requests was stored");

        assertEquals(403, put("/api/subnet-pairs", "{\"subnet\":\"127.98.2.0/24\",\"paired\":[]}", OPERATOR).status());
        assertEquals(403, csv("subnet,paired\n127.98.2.0/24,127.98.206.0/24\n", OPERATOR).status());
        assertEquals(403, get("/api/subnet-pairs", INVENTORY).status());
        assertEquals(401, get("/api/subnet-pairs", null).status());
        Reply json = send(HttpRequest.newBuilder(URI.create(BASE + "/api/subnet-pairs/import")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")), ADMIN);
        assertEquals(415, json.status(), json.body());
    }

    /** Hundreds of pairs at once; then a file with bad rows among good ones changes nothing and names each bad row. */
    @Test
    void anImportTakesHundredsOfPairsAllOrNothing() {
        StringBuilder file = new StringBuilder("subnet,paired\n# building A\n");
        for (int i = 0; i < 300; i++) {
            // subnets 127.98.10-159.0/24, two pairs each, the /27s of 127.98.160-197
            file.append("127.98.").append(10 + i / 2).append(".0/24,127.98.").append(160 + i / 8).append('.').append(32 * (i % 8)).append("/27\n");
        }
        file.append('\n');
        Reply imported = csv(file.toString(), ADMIN);
        assertEquals(200, imported.status(), imported.body());
        assertEquals(150, imported.json().getInt("subnets"));
        assertEquals(300, imported.json().getInt("pairs"));
        JsonObject first = get("/api/subnet-pairs?subnet=127.98.10.0/24", OPERATOR).json().getJsonArray("items").getJsonObject(0);
        assertEquals(List.of("127.98.160.0/27", "127.98.160.32/27"), strings(first, "paired"), "in row order");
        JsonObject audited = newestAudit("subnet-pairs-imported", "subnet pairs");
        assertEquals(300, audited.getJsonObject("detail").getInt("pairs"), audited.toString());

        String bad = "subnet,paired\n"
                + "127.98.10.0/24,127.98.252.0/24\n"        // good: would replace 127.98.10.0/24's pairs
                + "127.98.11.0/24,\n"                       // line 3: no paired subnet
                + "127.98.12.0/24,127.98.12.0/25\n"         // line 4: inside itself
                + "127.98.13.0/24;127.98.253.0/24\n"        // line 5: one field
                + "127.98.10.0/24,127.98.252.0/24\n";       // line 6: twice
        Reply refused = csv(bad, ADMIN);
        assertEquals(400, refused.status(), refused.body());
        assertEquals(List.of("row 5"), fields(refused), "the file's shape first");
        Reply rules = csv(bad.replace("127.98.13.0/24;127.98.253.0/24", "127.98.13.0/24,127.98.253.0/24"), ADMIN);
        assertEquals(400, rules.status(), rules.body());
        assertEquals(List.of("row 3 paired", "row 4", "row 6"), fields(rules));
        assertTrue(rules.json().getString("detail", rules.json().getString("title", "")).contains("nothing was imported")
                || rules.body().contains("nothing was imported"), rules.body());
        assertEquals(List.of("127.98.160.0/27", "127.98.160.32/27"),
                strings(get("/api/subnet-pairs?subnet=127.98.10.0/24", OPERATOR).json().getJsonArray("items").getJsonObject(0), "paired"),
                "nothing of the refused file was applied");
        assertEquals(400, csv("", ADMIN).status(), "an empty file");
    }

    /** Eight admins replace the pairs of one new subnet at once: each gets 200, and the stored list is one of theirs, whole. */
    @Test
    void concurrentWritersOfOneSubnetLeaveOneWholeList() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                String paired = "\"127.98." + (236 + 2 * w) + ".0/24\",\"127.98." + (237 + 2 * w) + ".0/24\"";
                replies.add(pool.submit(() -> put("/api/subnet-pairs", "{\"subnet\":\"127.98.3.0/24\",\"paired\":[" + paired + "]}", ADMIN)));
            }
            for (Future<Reply> reply : replies) {
                assertEquals(200, reply.get().status(), reply.get().body());
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> stored = strings(get("/api/subnet-pairs?subnet=127.98.3.0/24", ADMIN).json().getJsonArray("items").getJsonObject(0), "paired");
        assertEquals(2, stored.size(), stored.toString());
        int base = Integer.parseInt(stored.get(0).split("\\.")[2]);
        assertEquals(List.of("127.98." + base + ".0/24", "127.98." + (base + 1) + ".0/24"), stored, "one writer's list, whole");
        assertTrue(Set.of(236, 238, 240, 242, 244, 246, 248, 250).contains(base), stored.toString());
        assertEquals(1, get("/api/subnet-pairs?limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(p -> "127.98.3.0/24".equals(p.getString("subnet"))).count(), "one policy row for the subnet");
    }

    private static Reply csv(String body, String[] user) {
        return send(HttpRequest.newBuilder(URI.create(BASE + "/api/subnet-pairs/import")).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(body)), user);
    }

    private static List<String> strings(JsonObject object, String member) {
        return object.getJsonArray(member).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static List<String> fields(Reply reply) {
        assertEquals(400, reply.status(), reply.body());
        return reply.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream().map(e -> e.getString("field")).toList();
    }

    private static JsonObject newestAudit(String kind, String subject) {
        return get("/api/audit?kind=" + kind + "&limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(e -> subject.equals(e.getString("subject", null))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " entry for " + subject));
    }
}
