package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Concurrent writers to the same rows (issue 11, items 4, 5b and 6): requests are released together by a latch from
 * a thread pool, several rounds each, against the real server and database. Every answer must be one of the
 * documented statuses (never 500), a 409 must be problem+json, and what is stored afterwards must be whole: one of
 * the written versions, never a mix or a half.
 */
@ExtendWith(ArquillianExtension.class)
class ConcurrentWritersIT extends ServerTestSupport {

    /** Concurrent requests this class made (released together by a latch), printed at the end. */
    private static final AtomicInteger CONCURRENT = new AtomicInteger();
    private static final Map<Integer, AtomicInteger> STATUSES = new ConcurrentHashMap<>();
    private static final String BOUNDARY = "127.86.0.0/16";
    private static long logOffset;

    @BeforeAll
    static void rememberLog() throws IOException {
        logOffset = Files.size(serverLog());
        assertEquals(201, post("/api/boundaries", "{\"subnet\":\"" + BOUNDARY + "\",\"source\":\"concurrent-it\"}", ADMIN).status());
    }

    @AfterAll
    static void report() throws IOException {
        get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(b -> "concurrent-it".equals(b.getString("source", "")))
                .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
        removeSubnets("127.86.", "127.87.");   // other test classes share the database
        System.out.println("ConcurrentWritersIT: " + CONCURRENT.get() + " concurrent requests, statuses " + new java.util.TreeMap<>(STATUSES)
                + " (" + (onPostgreSql() ? "PostgreSQL" : "H2") + ")");
        String log = newLog();
        long internalErrors = log.lines().filter(l -> l.contains("REVEILLE00004")).count();
        System.out.println("ConcurrentWritersIT: REVEILLE00004 lines in the server log during this class: " + internalErrors);
        assertEquals(0, internalErrors, "internal errors (500) logged while this class ran:\n"
                + log.lines().filter(l -> l.contains("REVEILLE00004")).collect(Collectors.joining("\n")));
    }

    private static Path serverLog() {
        return Path.of(System.getProperty("reveille.server.home"), "standalone", "log", "server.log");
    }

    private static String newLog() throws IOException {
        byte[] all = Files.readAllBytes(serverLog());
        int from = (int) Math.min(all.length, logOffset);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    /** Runs {@code count} requests from as many threads, released together; returns the replies in index order. */
    private static List<Reply> together(int count, IntFunction<Reply> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch ready = new CountDownLatch(count);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.apply(index);
                }));
            }
            ready.await();
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) {
                Reply reply = f.get();
                CONCURRENT.incrementAndGet();
                STATUSES.computeIfAbsent(reply.status(), s -> new AtomicInteger()).incrementAndGet();
                replies.add(reply);
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every reply has one of the allowed statuses; every 409 is problem+json with a detail. */
    private static void assertOnly(List<Reply> replies, Set<Integer> allowed, String what) {
        for (Reply reply : replies) {
            assertTrue(allowed.contains(reply.status()), what + ": " + reply.status() + " not in " + allowed + ": " + reply.body());
            if (reply.status() == 409) {
                assertTrue(reply.contentType().startsWith("application/problem+json"), what + ": " + reply.contentType());
                assertFalse(reply.json().getString("detail", "").isBlank(), what + ": " + reply.body());
            }
        }
    }

    private static long count(List<Reply> replies, int status) {
        return replies.stream().filter(r -> r.status() == status).count();
    }

    // ---- inventory: idempotent, so every overlapping upsert succeeds ----

    /** Machine {@code i} as written in {@code round}: its name and NIC count and MACs all change with the round. */
    private static String machine(int i, int round) {
        int nics = 1 + (i + round) % 3;
        String list = IntStream.range(0, nics).mapToObj(n -> String.format(
                "{\"mac\":\"02:86:%02x:%02x:%02x:%02x\",\"ip\":\"127.86.%d.%d\",\"subnet\":\"127.86.%d.0/24\"}",
                round, i / 256, i % 256, n, 10 + n, i % 200 + 10, 10 + n)).collect(Collectors.joining(","));
        return String.format("{\"resourceId\":\"CW-R%03d\",\"name\":\"CW-%03d-r%d\",\"chassis\":\"workstation\",\"nics\":[%s]}", i, i, round, list);
    }

    @Test
    void overlappingInventoryUpsertsAllSucceedAndLeaveWholeMachines() throws Exception {
        int writers = 32;
        int window = 40;
        int step = 5;
        int machines = (writers - 1) * step + window;
        for (int round = 1; round <= 3; round++) {
            int r = round;
            List<Reply> replies = together(writers, w -> put("/api/inventory/machines", IntStream.range(w * step, w * step + window)
                    .mapToObj(i -> machine(i, r)).collect(Collectors.joining(",", "{\"machines\":[", "]}")), INVENTORY));
            assertOnly(replies, Set.of(200), "round " + round + " of " + writers + " overlapping upserts");
            int created = replies.stream().mapToInt(x -> x.json().getInt("created")).sum();
            if (round == 1) {
                assertEquals(machines, created, "each machine created exactly once");
            } else {
                assertEquals(0, created);
            }
            for (int i = 0; i < machines; i++) {
                JsonObject stored = get("/api/machines/CW-R" + String.format("%03d", i), INVENTORY).json();
                JsonObject written = parse(machine(i, round)).asJsonObject();
                assertEquals(written.getString("name"), stored.getString("name"), stored.toString());
                assertEquals(written.getJsonArray("nics").getValuesAs(JsonObject.class).stream().map(n -> n.getString("mac")).toList(),
                        stored.getJsonArray("nics").getValuesAs(JsonObject.class).stream().map(n -> n.getString("mac")).toList(),
                        "every NIC of the round and only those: " + stored);
            }
        }
        assertEquals(machines, get("/api/machines?name=CW-*&limit=1", INVENTORY).json().getInt("total"), "no duplicates");
    }

    // ---- collections: a PUT replaces the members, so concurrent PUTs are retried and the last one wins whole ----

    @Test
    void concurrentPutsOfOneCollectionLeaveExactlyOneWrittenMemberSet() throws Exception {
        for (int round = 1; round <= 4; round++) {
            String name = "CW-COLL-" + (round % 2);   // rounds 1 and 2 create the collections concurrently
            int r = round;
            List<Set<String>> sets = IntStream.range(0, 8).mapToObj(k -> IntStream.range(0, 5 + k)
                    .mapToObj(m -> "CW-M-" + r + "-" + k + "-" + m).collect(Collectors.toSet())).toList();
            List<Reply> replies = together(8, k -> put("/api/collections/" + name, "{\"members\":"
                    + sets.get(k).stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(",", "[", "]")) + "}", INVENTORY));
            assertOnly(replies, Set.of(200, 201), "round " + round + ": 8 concurrent PUTs of one collection");
            assertTrue(count(replies, 201) <= 1, "created at most once: " + replies);
            Set<String> stored = get("/api/collections/" + name, INVENTORY).json().getJsonArray("members")
                    .getValuesAs(JsonString.class).stream().map(JsonString::getString).collect(Collectors.toSet());
            assertTrue(sets.contains(stored), "exactly one of the written member sets, not a mix: " + stored);
        }
    }

    // ---- cancel: exactly one canceller wins, the others get 409 and the job keeps the winner ----

    private long laterJob(int round) {
        assertEquals(200, put("/api/inventory/machines", "{\"machines\":[" + machine(900 + round, 1) + "]}", INVENTORY).status());
        Reply reply = post("/api/wake", "{\"resourceIds\":[\"CW-R" + (900 + round) + "\"],\"notBefore\":\""
                + Instant.now().plus(Duration.ofHours(1)) + "\"}", OPERATOR);
        assertEquals(202, reply.status(), reply.body());
        long id = reply.json().getJsonNumber("jobId").longValue();
        assertEquals("running", get("/api/jobs/" + id, OPERATOR).json().getString("state"));
        return id;
    }

    @Test
    void secondCancelIsRefusedAndKeepsTheFirstCanceller() throws Exception {
        long id = laterJob(0);
        Reply first = delete("/api/jobs/" + id, OPERATOR);
        assertEquals(200, first.status(), first.body());
        Reply second = delete("/api/jobs/" + id, ADMIN);
        assertOnly(List.of(second), Set.of(409), "a second cancel");
        assertTrue(second.json().getString("detail").contains("cancelled"), second.body());
        assertEquals("operator", get("/api/jobs/" + id, OPERATOR).json().getString("cancelledBy"));
    }

    @Test
    void concurrentCancelsOfOneJobHaveExactlyOneWinner() throws Exception {
        for (int round = 1; round <= 3; round++) {
            long id = laterJob(round);
            List<Reply> replies = together(6, k -> delete("/api/jobs/" + id, k % 2 == 0 ? OPERATOR : ADMIN));
            assertOnly(replies, Set.of(200, 409), "round " + round + ": 6 concurrent cancels");
            assertEquals(1, count(replies, 200), "exactly one cancel wins: " + replies);
            int winner = IntStream.range(0, 6).filter(k -> replies.get(k).status() == 200).findFirst().orElseThrow();
            JsonObject job = get("/api/jobs/" + id, OPERATOR).json();
            assertEquals("cancelled", job.getString("state"), job.toString());
            assertEquals(winner % 2 == 0 ? "operator" : "admin", job.getString("cancelledBy"), job.toString());
        }
    }

    // ---- wake requests: concurrent jobs on a subnet new to the agent list make one entry and are all accepted ----

    @Test
    void concurrentWakesOfANewSubnetAreAllAccepted() throws Exception {
        for (int round = 1; round <= 3; round++) {
            int third = 100 + round;
            String json = IntStream.range(0, 6).mapToObj(k -> String.format("{\"resourceId\":\"CW-W%d-%d\",\"name\":\"CW-W%d-%d\","
                    + "\"nics\":[{\"mac\":\"02:86:ff:%02x:00:%02x\",\"ip\":\"127.86.%d.%d\",\"subnet\":\"127.86.%d.0/24\"}]}",
                    third, k, third, k, third, k, third, 20 + k, third)).collect(Collectors.joining(",", "{\"machines\":[", "]}"));
            assertEquals(200, put("/api/inventory/machines", json, INVENTORY).status());
            String later = Instant.now().plus(Duration.ofHours(1)).toString();
            List<Reply> replies = together(6, k -> post("/api/wake", "{\"resourceIds\":[\"CW-W" + third + "-" + k + "\"],\"notBefore\":\""
                    + later + "\"}", OPERATOR));
            assertOnly(replies, Set.of(202), "round " + round + ": 6 concurrent wakes creating the same agent-list entry");
            String cidr = "127.86." + third + ".0/24";
            assertEquals(1, get("/api/subnets?limit=1000", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(s -> s.getString("subnet").equals(cidr)).count(), "one agent-list entry for " + cidr);
            for (Reply reply : replies) {
                JsonObject job = get("/api/jobs/" + reply.json().getJsonNumber("jobId").longValue(), OPERATOR).json();
                assertEquals(1, job.getJsonObject("counts").getInt("queued"), "the job's one target is recorded and queued: " + job);
            }
        }
    }

    // ---- subnets: rescans and re-adds while discovery runs are idempotent; a delete may only be refused with 409 ----

    /** Inventory NICs on the subnet, so that its discovery has a ping list to work through. */
    private static void machinesOn(int third) {
        String json = IntStream.range(0, 6).mapToObj(h -> String.format("{\"resourceId\":\"CW-S%d-%d\",\"name\":\"CW-S%d-%d\","
                + "\"nics\":[{\"mac\":\"02:87:%02x:00:00:%02x\",\"ip\":\"127.87.%d.%d\",\"subnet\":\"127.87.%d.0/24\"}]}",
                third, h, third, h, third, h, third, 20 + h, third)).collect(Collectors.joining(",", "{\"machines\":[", "]}"));
        assertEquals(200, put("/api/inventory/machines", json, INVENTORY).status());
    }

    private static long addSubnet(String cidr) {
        Reply added = post("/api/subnets", "{\"subnet\":\"" + cidr + "\"}", ADMIN);
        assertEquals(201, added.status(), added.body());
        return added.json().getJsonNumber("id").longValue();
    }

    @Test
    void rescansAndReAddsWhileDiscoveryRunsAreAccepted() throws Exception {
        machinesOn(1);
        String cidr = "127.87.1.0/24";
        long id = addSubnet(cidr);
        for (int i = 0; i < 20; i++) {   // back to back, one at a time
            Reply reply = post("/api/subnets/" + id + "/rescan", "", ADMIN);
            assertOnly(List.of(reply), Set.of(202), "back-to-back rescan " + i);
        }
        for (int round = 1; round <= 4; round++) {
            List<Reply> replies = together(8, k -> k % 2 == 0 ? post("/api/subnets/" + id + "/rescan", "", ADMIN)
                    : post("/api/subnets", "{\"subnet\":\"" + cidr + "\"}", ADMIN));
            assertOnly(replies, Set.of(201, 202), "round " + round + ": concurrent rescans and re-adds");
            replies.stream().filter(r -> r.status() == 201)
                    .forEach(r -> assertEquals(id, r.json().getJsonNumber("id").longValue(), "the same entry, not a second one"));
        }
        long entries = get("/api/subnets?limit=1000", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("subnet").equals(cidr)).count();
        assertEquals(1, entries, "one agent-list entry for the subnet");
    }

    @Test
    void concurrentFirstAddsMakeOneEntry() throws Exception {
        for (int round = 1; round <= 3; round++) {
            String cidr = "127.87." + (10 + round) + ".0/24";
            List<Reply> replies = together(6, k -> post("/api/subnets", "{\"subnet\":\"" + cidr + "\"}", ADMIN));
            assertOnly(replies, Set.of(201), "round " + round + ": 6 concurrent adds of a new subnet");
            assertEquals(1, replies.stream().map(r -> r.json().getJsonNumber("id").longValue()).distinct().count(), "one entry: " + replies);
        }
    }

    @Test
    void deleteOfASubnetJustAddedIsDoneOrRefusedWith409() throws Exception {
        machinesOn(2);
        for (int round = 1; round <= 6; round++) {
            String cidr = round % 2 == 0 ? "127.87.2.0/24" : "127.87.3" + round + ".0/24";
            long id = addSubnet(cidr);
            List<Reply> replies = together(3, k -> k == 0 ? post("/api/subnets/" + id + "/rescan", "", ADMIN) : delete("/api/subnets/" + id, ADMIN));
            assertOnly(replies.subList(0, 1), Set.of(202, 404, 409), "round " + round + ": rescan racing deletes");
            assertOnly(replies.subList(1, 3), Set.of(204, 404, 409), "round " + round + ": deletes right after add");
            assertTrue(count(replies.subList(1, 3), 204) <= 1, "deleted once: " + replies);
            // whatever the race gave, the subnet can be deleted once its discovery is over, and is then gone
            Instant deadline = Instant.now().plusSeconds(30);
            Reply gone;
            do {
                gone = delete("/api/subnets/" + id, ADMIN);
                assertOnly(List.of(gone), Set.of(204, 404, 409), "delete after the race");
                if (gone.status() == 409) {
                    Thread.sleep(200);
                }
            } while (gone.status() == 409 && Instant.now().isBefore(deadline));
            assertTrue(gone.status() == 204 || gone.status() == 404, gone.body());
            assertEquals(404, get("/api/subnets/" + id, OPERATOR).status());
        }
    }
}
