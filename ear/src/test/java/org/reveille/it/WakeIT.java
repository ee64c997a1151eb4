package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.Reception;
import org.reveille.sim.SimulatedMachine;
import org.reveille.sim.SimulatedSubnet;

/**
 * Wake-ups end to end (docs/architecture.md#flow-wake) against 22 simulated subnets (127.76.1-22.0/24, two real agents
 * and four sleeping machines each; a woken machine boots and starts its agent half a second later): every magic packet
 * is observed on the segment of its own subnet and nowhere else, and the job's counts match what was observed.
 */
@ExtendWith(ArquillianExtension.class)
class WakeIT extends ServerTestSupport {

    private static final int WOL_PORT = ItPorts.of(24509);
    private static final String BOUNDARY = "127.76.0.0/16";
    private static final String BROKER = "tcp://127.0.0.1:" + ItPorts.HTTP + "?httpUpgradeEnabled=true&httpUpgradeEndpoint=http-acceptor";

    private static FleetSimulator fleet;

    private static SimulatedSubnet subnet(int n) {
        return fleet.subnets().get(n - 1);
    }

    private static List<SimulatedMachine> sleepers(int n) {
        return subnet(n).machines(SimulatedMachine.Kind.SLEEPING);
    }

    private static List<SimulatedMachine> agents(int n) {
        return subnet(n).machines(SimulatedMachine.Kind.AGENT);
    }

    @BeforeAll
    static void startFleetAndDiscover() throws Exception {
        fleet = FleetSimulator.start(FleetConfig.builder()
                .subnets(22).firstSubnet(Ipv4Address.parse("127.76.1.0")).agentsPerSubnet(2).sleepingPerSubnet(4)
                .bootOnWake(Duration.ofMillis(500)).server("127.0.0.1", ItPorts.SERVER).agentPort(ItPorts.AGENT).sharedKey(agentKey())
                .wolPort(WOL_PORT).probePort(ItPorts.of(24510)).build());
        // subnet 22 has a single agent in the inventory: it gets a Primary and no Alternate
        List<SimulatedMachine> inventory = fleet.machines().stream()
                .filter(m -> !(m.subnet().equals(subnet(22).cidr()) && m.equals(agents(22).get(1)))).toList();
        pushInventory(inventory, m -> m.kind() == SimulatedMachine.Kind.AGENT ? "workstation" : "laptop");
        assertEquals(200, put("/api/settings", "{\"magicPacketPort\":" + WOL_PORT + ",\"wakeRateLimitPerSubnet\":0,"
                + "\"wakeRateLimitGlobal\":0,\"probeMethod\":\"tcp\",\"pingTimeoutMillis\":500,\"wakeDiscoveryWaitSeconds\":60}", ADMIN).status());
        assertEquals(201, post("/api/boundaries", "{\"subnet\":\"" + BOUNDARY + "\",\"source\":\"wake-it\"}", ADMIN).status());
        // subnets 1-20 and 22 are discovered up front; 21 is left for an on-demand discovery
        List<Long> ids = new ArrayList<>();
        for (int n : IntStream.rangeClosed(1, 22).filter(n -> n != 21).toArray()) {
            Reply added = post("/api/subnets", "{\"subnet\":\"" + subnet(n).cidr() + "\"}", ADMIN);
            assertEquals(201, added.status(), added.body());
            ids.add(added.json().getJsonNumber("id").longValue());
        }
        for (int i = 0; i < ids.size(); i++) {
            boolean single = i == ids.size() - 1;
            awaitSubnet(ids.get(i), Duration.ofSeconds(60), v -> v.containsKey("primary") && (single || v.containsKey("alternate")));
        }
    }

    @AfterAll
    static void restore() throws IOException {
        try {
            put("/api/settings", "{\"magicPacketPort\":9,\"wakeRateLimitPerSubnet\":50,\"wakeRateLimitGlobal\":1000,"
                    + "\"probeMethod\":\"icmp\",\"pingTimeoutMillis\":1000,\"wakeRetryCount\":2,\"wakeRetryDelaySeconds\":60}", ADMIN);
            get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(b -> "wake-it".equals(b.getString("source", "")))
                    .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
            removeSubnets("127.76.");
        } finally {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    /** Submits a wake request and returns the job id from the 202's Location. */
    private static long wake(String json, String[] user) {
        Reply reply = post("/api/wake", json, user);
        assertEquals(202, reply.status(), reply.body());
        long id = reply.json().getJsonNumber("jobId").longValue();
        assertEquals("/api/jobs/" + id, reply.json().getString("location"));
        return id;
    }

    private static JsonObject awaitJob(long id, Duration timeout, Predicate<JsonObject> condition) throws InterruptedException {
        return awaitResource("/api/jobs/" + id, timeout, condition);
    }

    private static long count(JsonObject job, String state) {
        return job.getJsonObject("counts").getJsonNumber(state).longValue();
    }

    private static List<JsonObject> targets(JsonObject job) {
        return job.getJsonArray("targets").getValuesAs(JsonObject.class);
    }

    private static String json(List<?> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    /** The MACs each simulated subnet's segment received. */
    private static Map<Integer, Set<MacAddress>> observed() {
        Map<Integer, Set<MacAddress>> observed = new HashMap<>();
        for (int n = 1; n <= 22; n++) {
            observed.put(n, new HashSet<>(subnet(n).segment().receptions().keySet()));
        }
        return observed;
    }

    @Test
    void wakeByNameCollectionResourceIdAndMacAcross20Subnets() throws Exception {
        Map<Integer, Set<MacAddress>> before = observed();
        // a collection member with NICs on two subnets (MACs nobody else has, no address: the subnet is enough)
        MacAddress multiA = MacAddress.parse("02:76:00:00:01:01");
        MacAddress multiB = MacAddress.parse("02:76:00:00:02:01");
        assertEquals(200, put("/api/inventory/machines", "{\"machines\":[{\"resourceId\":\"WAKE-MULTI\",\"name\":\"WAKE-MULTI\","
                + "\"nics\":[{\"mac\":\"" + multiA + "\",\"subnet\":\"" + subnet(6).cidr() + "\"},{\"mac\":\"" + multiB + "\",\"subnet\":\""
                + subnet(7).cidr() + "\"}]},{\"resourceId\":\"WAKE-OUT\",\"name\":\"WAKE-OUT\",\"nics\":[{\"mac\":\"02:77:00:00:01:0a\","
                + "\"ip\":\"127.77.1.10\",\"subnet\":\"127.77.1.0/24\"}]}]}", INVENTORY).status());
        List<String> members = new ArrayList<>(List.of("WAKE-MULTI", "NOT-PUSHED-YET"));
        IntStream.rangeClosed(6, 10).forEach(n -> members.add(sleepers(n).get(0).resourceId()));
        Reply collection = put("/api/collections/WAKE-IT-LAB", "{\"members\":" + json(members) + "}", INVENTORY);
        assertEquals(201, collection.status(), collection.body());
        assertEquals(List.of("NOT-PUSHED-YET"), collection.json().getJsonArray("notInInventory").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());

        Map<Integer, Set<MacAddress>> expected = new HashMap<>();
        List<String> names = new ArrayList<>();
        List<String> resourceIds = new ArrayList<>();
        List<String> macs = new ArrayList<>();
        for (int n = 1; n <= 20; n++) {
            SimulatedMachine m = sleepers(n).get(0);
            expected.computeIfAbsent(n, k -> new HashSet<>()).add(m.mac());
            if (n <= 5) {
                names.add(m.name().toLowerCase());   // names are matched case-insensitively
            } else if (n > 10 && n <= 15) {
                resourceIds.add(m.resourceId());
            } else if (n > 15) {
                macs.add(m.mac().toString().toUpperCase().replace(':', '-'));
            }
        }
        expected.get(6).add(multiA);
        expected.get(7).add(multiB);
        names.add("NO-SUCH-PC");
        names.add("WAKE-OUT");
        long id = wake("{\"names\":" + json(names) + ",\"resourceIds\":" + json(resourceIds) + ",\"collections\":[\"WAKE-IT-LAB\",\"NO-SUCH-LAB\"],"
                + "\"macs\":" + json(macs) + "}", OPERATOR);

        Set<MacAddress> all = expected.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        assertEquals(List.of(), fleet.awaitWoken(all, Duration.ofSeconds(30)), "every expected magic packet observed");
        JsonObject job = awaitJob(id, Duration.ofSeconds(30), j -> j.getString("state").equals("done"));
        // observed at the right subnet listener, and nowhere else
        Map<Integer, Set<MacAddress>> after = observed();
        for (int n = 1; n <= 22; n++) {
            Set<MacAddress> fresh = new HashSet<>(after.get(n));
            fresh.removeAll(before.get(n));
            assertEquals(expected.getOrDefault(n, Set.of()), fresh, "packets observed on " + subnet(n).cidr());
        }
        // the job says what was observed
        assertEquals(all.size(), count(job, "sent"), job.toString());
        assertEquals(0, count(job, "failed") + count(job, "queued") + count(job, "dispatched"), job.toString());
        assertEquals(4, count(job, "skipped"), "unknown name, unknown collection, member not in the inventory, outside the boundaries: " + job);
        assertEquals(all.size() + 4, job.getJsonNumber("total").longValue());
        Map<String, String> skipped = targets(job).stream().filter(t -> t.getString("state").equals("skipped"))
                .collect(Collectors.toMap(t -> t.getString("requestedAs") + (t.containsKey("machineName") ? "/" + t.getString("machineName") : ""),
                        t -> t.getString("reason")));
        assertTrue(skipped.get("name:NO-SUCH-PC").contains("no machine named"), skipped.toString());
        assertTrue(skipped.get("collection:NO-SUCH-LAB").contains("no collection named"), skipped.toString());
        assertTrue(skipped.get("collection:WAKE-IT-LAB").contains("NOT-PUSHED-YET"), skipped.toString());
        assertTrue(skipped.get("name:WAKE-OUT/WAKE-OUT").contains("outside the boundaries"), skipped.toString());
        for (JsonObject target : targets(job)) {
            if (target.getString("state").equals("sent")) {
                Ipv4Address by = Ipv4Address.parse(target.getString("sentBy"));
                assertTrue(fleet.subnets().stream().anyMatch(s -> s.cidr().toString().equals(target.getString("subnet")) && s.cidr().contains(by)),
                        "sent by an agent of the target's own subnet: " + target);
            }
        }
        assertEquals(200, get("/api/jobs?limit=5", INVENTORY).status());
        assertTrue(get("/api/jobs?limit=50", OPERATOR).body().contains("\"id\":" + id + ","));
        assertEquals(all.size(), get("/api/jobs/" + id + "/targets?state=sent", OPERATOR).json().getInt("total"));
    }

    /** Issue 15, item 7: a job's summary line to poll, and its targets with their outcomes as CSV and JSON. */
    @Test
    void aJobsSummaryAndExportListEveryTargetWithItsOutcome() throws Exception {
        List<SimulatedMachine> two = sleepers(9).subList(0, 2);
        long id = wake("{\"names\":[\"" + two.get(0).name() + "\",\"" + two.get(1).name() + "\",\"wake-it-nobody\"]}", OPERATOR);
        awaitJob(id, Duration.ofSeconds(60), j -> "done".equals(j.getString("state")));
        JsonObject summary = get("/api/jobs/" + id + "/summary", INVENTORY).json();
        assertEquals(id, summary.getJsonNumber("id").longValue());
        assertEquals("done", summary.getString("state"));
        assertTrue(summary.getBoolean("finished"));
        assertEquals(3, summary.getInt("total"));
        assertEquals(2, summary.getInt("sent"));
        assertEquals(1, summary.getInt("skipped"));
        assertEquals(100, summary.getInt("percentFinal"));
        assertEquals("job " + id + " done: 3 target(s), 2 sent, 0 failed, 1 skipped", summary.getString("line"));

        Reply csv = get("/api/jobs/" + id + "/targets/export", OPERATOR);
        assertEquals(200, csv.status(), csv.body());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        List<String> lines = csv.body().lines().toList();
        assertEquals("id,requestedAs,resourceId,machineName,mac,ip,subnet,state,reason,attempts,sentBy,sentAt,updatedAt,paths", lines.get(0));
        assertEquals(4, lines.size(), csv.body());
        for (SimulatedMachine m : two) {
            // sent on its own subnet's broadcast only: the subnet has no pairs
            String own = "subnet " + m.subnet().broadcastAddress();
            assertTrue(lines.stream().anyMatch(l -> l.contains(m.name()) && l.contains(",sent,") && l.contains(m.mac().toString())
                    && l.endsWith("," + own)), csv.body());
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("name:wake-it-nobody") && l.contains(",skipped,")
                && l.contains("no machine named 'wake-it-nobody' in the inventory")), csv.body());

        Reply json = get("/api/jobs/" + id + "/targets/export?format=json", OPERATOR);
        assertEquals(200, json.status(), json.body());
        List<JsonObject> targets = json.jsonValue().asJsonArray().getValuesAs(JsonObject.class);
        assertEquals(3, targets.size());
        assertEquals(2, targets.stream().filter(t -> "sent".equals(t.getString("state"))).count());
        assertEquals(400, get("/api/jobs/" + id + "/targets/export?format=xml", OPERATOR).status());
        assertEquals(404, get("/api/jobs/999999999/targets/export", OPERATOR).status());
        assertEquals(404, get("/api/jobs/999999999/summary", OPERATOR).status());
    }

    @Test
    void primaryKilledBeforeDispatchTheAlternateDelivers() throws Exception {
        SimulatedMachine target = sleepers(1).get(1);
        Ipv4Address primary = agents(1).get(0).ip();
        Ipv4Address alternate = agents(1).get(1).ip();
        fleet.kill(primary);
        try {
            long id = wake("{\"names\":[\"" + target.name() + "\"]}", ADMIN);
            assertEquals(List.of(), fleet.awaitWoken(List.of(target.mac()), Duration.ofSeconds(20)));
            JsonObject job = awaitJob(id, Duration.ofSeconds(20), j -> count(j, "sent") == 1);
            assertEquals(alternate.toString(), targets(job).get(0).getString("sentBy"), job.toString());
        } finally {
            fleet.restart(primary);
        }
    }

    @Test
    void bothAgentsDeadTargetsFailWithTheReasonAndTheSubnetIsRediscovered() throws Exception {
        SimulatedMachine target = sleepers(2).get(1);
        long subnetId = get("/api/subnets?limit=1000", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("subnet").equals(subnet(2).cidr().toString())).findFirst().orElseThrow()
                .getJsonNumber("id").longValue();
        Instant submitted = Instant.now();
        agents(2).forEach(a -> fleet.kill(a.ip()));
        try {
            long id = wake("{\"names\":[\"" + target.name() + "\"]}", ADMIN);
            JsonObject job = awaitJob(id, Duration.ofSeconds(60), j -> j.getString("state").equals("done"));
            assertEquals(1, count(job, "failed"), job.toString());
            String reason = targets(job).get(0).getString("reason");
            assertTrue(reason.contains("no agent of subnet " + subnet(2).cidr() + " could be reached") && reason.contains("attempts"), reason);
            assertEquals(null, fleet.reception(target.mac()), "nothing was sent");
            JsonObject view = get("/api/subnets/" + subnetId, OPERATOR).json();
            assertTrue(Instant.parse(view.getString("discoveryQueuedAt")).isAfter(submitted.minusSeconds(1)),
                    "queued for rediscovery: " + view);
        } finally {
            for (SimulatedMachine agent : agents(2)) {
                fleet.restart(agent.ip());
            }
            awaitSubnet(subnetId, Duration.ofSeconds(30), v -> agents(2).get(0).ip().toString().equals(proxy(v, "primary"))
                    || agents(2).get(1).ip().toString().equals(proxy(v, "primary")));
        }
    }

    @Test
    void unknownSubnetIsCreatedDiscoveredAndWokenInTheSameJob() throws Exception {
        SimulatedMachine target = sleepers(21).get(0);
        long id = wake("{\"resourceIds\":[\"" + target.resourceId() + "\"]}", OPERATOR);
        assertEquals(List.of(), fleet.awaitWoken(List.of(target.mac()), Duration.ofSeconds(60)));
        JsonObject job = awaitJob(id, Duration.ofSeconds(30), j -> count(j, "sent") == 1);
        assertTrue(agents(21).stream().anyMatch(a -> a.ip().toString().equals(targets(job).get(0).getString("sentBy"))), job.toString());
        String log = Files.readString(Path.of(System.getProperty("reveille.server.home"), "standalone", "log", "server.log"));
        assertTrue(log.contains("Could not find subnet in agent list. Creating a new entry..."), "design log line");
        assertTrue(log.contains("AgentFinder Rescan " + subnet(21).cidr().networkAddress()), "design log line");
    }

    @Test
    void firstWokenMachineBecomesTheAlternateOfAOneAgentSubnet() throws Exception {
        SimulatedMachine target = sleepers(22).get(0);
        long subnetId = get("/api/subnets?limit=1000", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("subnet").equals(subnet(22).cidr().toString())).findFirst().orElseThrow()
                .getJsonNumber("id").longValue();
        assertEquals(null, proxy(get("/api/subnets/" + subnetId, OPERATOR).json(), "alternate"));
        wake("{\"names\":[\"" + target.name() + "\"]}", OPERATOR);
        JsonObject view = awaitSubnet(subnetId, Duration.ofSeconds(30), v -> v.containsKey("alternate"));
        assertEquals(target.ip().toString(), proxy(view, "alternate"), view.toString());
        assertEquals(agents(22).get(0).ip().toString(), proxy(view, "primary"));
    }

    @Test
    void verificationConfirmsBootedMachinesAndRetriesTheOthers() throws Exception {
        assertEquals(200, put("/api/settings", "{\"wakeRetryCount\":1,\"wakeRetryDelaySeconds\":3}", ADMIN).status());
        SimulatedMachine booting = sleepers(3).get(1);
        // in the inventory, but nothing runs behind its address: it never answers
        MacAddress silent = MacAddress.parse("02:76:00:00:03:fa");
        assertEquals(200, put("/api/inventory/machines", "{\"machines\":[{\"resourceId\":\"WAKE-SILENT\",\"name\":\"WAKE-SILENT\","
                + "\"nics\":[{\"mac\":\"" + silent + "\",\"ip\":\"127.76.3.250\",\"subnet\":\"" + subnet(3).cidr() + "\"}]}]}", INVENTORY).status());
        long id = wake("{\"names\":[\"" + booting.name() + "\",\"WAKE-SILENT\"],\"verify\":true}", OPERATOR);
        JsonObject job = awaitJob(id, Duration.ofSeconds(40), j -> j.getString("state").equals("done"));
        assertEquals(1, count(job, "awake"), job.toString());
        assertEquals(1, count(job, "sent"), job.toString());
        assertEquals(1, count(job, "notConfirmed"), job.toString());
        JsonObject unconfirmed = targets(job).stream().filter(t -> t.getString("state").equals("sent")).findFirst().orElseThrow();
        assertEquals(silent.toString(), unconfirmed.getString("mac"));
        assertEquals(2, unconfirmed.getInt("attempts"), "sent once, retried once: " + unconfirmed);
        assertTrue(unconfirmed.getString("reason").startsWith("sent, not confirmed"), unconfirmed.toString());
        Reception reception = fleet.reception(silent);
        assertTrue(reception != null && reception.packets() >= 2, "the retry was sent too: " + (reception == null ? 0 : reception.packets()));
    }

    @Test
    void perSubnetRateLimitIsRespected() throws Exception {
        List<String> machines = new ArrayList<>();
        List<MacAddress> macs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            MacAddress mac = MacAddress.parse(String.format("02:76:00:04:00:%02x", i));
            macs.add(mac);
            machines.add("{\"resourceId\":\"WAKE-RATE-" + i + "\",\"name\":\"WAKE-RATE-" + i + "\",\"nics\":[{\"mac\":\"" + mac
                    + "\",\"subnet\":\"" + subnet(4).cidr() + "\"}]}");
        }
        assertEquals(200, put("/api/inventory/machines", "{\"machines\":[" + String.join(",", machines) + "]}", INVENTORY).status());
        assertEquals(200, put("/api/settings", "{\"wakeRateLimitPerSubnet\":4}", ADMIN).status());
        try {
            wake("{\"resourceIds\":" + json(IntStream.range(0, 12).mapToObj(i -> "WAKE-RATE-" + i).toList()) + "}", OPERATOR);
            assertEquals(List.of(), fleet.awaitWoken(macs, Duration.ofSeconds(30)));
        } finally {
            put("/api/settings", "{\"wakeRateLimitPerSubnet\":0}", ADMIN);
        }
        List<Long> times = macs.stream().map(m -> fleet.reception(m).firstAtMillis()).sorted().toList();
        long span = times.get(times.size() - 1) - times.get(0);
        assertTrue(span >= 2500, "12 packets at 4/s take at least 2.75 s, took " + span + " ms: " + times);
        for (long start : times) {
            long inOneSecond = times.stream().filter(t -> t >= start && t < start + 1000).count();
            assertTrue(inOneSecond <= 5, inOneSecond + " packets within one second from " + start + ": " + times);
        }
    }

    @Test
    void cancelSkipsWhatHasNotBeenSent() {
        String later = Instant.now().plus(Duration.ofHours(1)).toString();
        long id = wake("{\"names\":[\"" + sleepers(5).get(2).name() + "\",\"" + sleepers(6).get(2).name() + "\"],\"notBefore\":\"" + later + "\"}", OPERATOR);
        Reply cancelled = delete("/api/jobs/" + id, OPERATOR);
        assertEquals(200, cancelled.status(), cancelled.body());
        assertEquals("cancelled", cancelled.json().getString("state"));
        assertEquals(2, count(cancelled.json(), "skipped"), cancelled.body());
        assertTrue(get("/api/jobs/" + id, OPERATOR).body().contains("cancelled by operator"));
        // a second cancel, however soon, is refused and does not overwrite who cancelled (issue 11, item 6)
        Reply again = delete("/api/jobs/" + id, ADMIN);
        assertEquals(409, again.status(), again.body());
        assertEquals("operator", get("/api/jobs/" + id, OPERATOR).json().getString("cancelledBy"));
        assertEquals(404, delete("/api/jobs/99999999", OPERATOR).status());
    }

    @Test
    void whoMayWake() throws InterruptedException {
        String body = "{\"names\":[\"" + sleepers(8).get(3).name() + "\"]}";
        assertEquals(401, post("/api/wake", body, null).status());
        assertEquals(202, post("/api/wake", body, INVENTORY).status(), "an inventory system may submit");
        assertEquals(List.of(), fleet.awaitWoken(List.of(sleepers(8).get(3).mac()), Duration.ofSeconds(20)));
        assertEquals(403, put("/api/settings", "{\"pingCount\":3}", INVENTORY).status(), "but not change settings");
        Reply bad = post("/api/wake", "{\"names\":\"PC-1\",\"password\":\"12\"}", OPERATOR);
        assertEquals(400, bad.status());
        assertTrue(bad.contentType().startsWith("application/problem+json"));
        assertTrue(bad.body().contains("names") && bad.body().contains("password"), bad.body());
    }

    @Test
    void bulkJmsMessageWithTenThousandTargets() throws Exception {
        // 10,000 machines without an address on 20 subnets, 500 each
        for (int batch = 0; batch < 2; batch++) {
            StringBuilder body = new StringBuilder("{\"machines\":[");
            for (int i = batch * 5000; i < (batch + 1) * 5000; i++) {
                int n = 1 + i % 20;
                body.append(i == batch * 5000 ? "" : ",").append("{\"resourceId\":\"BULK-").append(i).append("\",\"name\":\"BULK-").append(i)
                        .append("\",\"nics\":[{\"mac\":\"").append(MacAddress.fromLong(0x0276_1000_0000L + i)).append("\",\"subnet\":\"")
                        .append(subnet(n).cidr()).append("\"}]}");
            }
            assertEquals(200, put("/api/inventory/machines", body.append("]}").toString(), INVENTORY).status());
        }
        List<String> names = IntStream.range(0, 10_000).mapToObj(i -> "BULK-" + i).toList();
        long jobId;
        try (JMSContext jms = new ActiveMQConnectionFactory(BROKER).createContext(INVENTORY[0], INVENTORY[1], JMSContext.AUTO_ACKNOWLEDGE)) {
            TemporaryQueue replies = jms.createTemporaryQueue();
            TextMessage request = jms.createTextMessage("{\"names\":" + json(names) + "}");
            request.setJMSReplyTo(replies);
            jms.createProducer().send(jms.createQueue("ReveilleBulkWakeRequests"), request);
            try (JMSConsumer consumer = jms.createConsumer(replies)) {
                Message reply = consumer.receive(60_000);
                assertNotNull(reply, "no reply within 60 s");
                jobId = ((JsonObject) parse(((TextMessage) reply).getText())).getJsonNumber("jobId").longValue();
            }
        }
        List<MacAddress> macs = IntStream.range(0, 10_000).mapToObj(i -> MacAddress.fromLong(0x0276_1000_0000L + i)).toList();
        assertEquals(List.of(), fleet.awaitWoken(macs, Duration.ofSeconds(60)).stream().limit(5).toList());
        JsonObject job = awaitJob(jobId, Duration.ofSeconds(30), j -> count(j, "sent") == 10_000);
        assertEquals(10_000, job.getJsonNumber("total").longValue(), "the counts add up");
        assertEquals("jms", job.getString("source"));
        // the request's 10,000 names: the first 1,000 inline, every one through the paged items
        assertEquals(10_000, job.getInt("itemsTotal"));
        assertEquals(1_000, job.getJsonArray("items").size());
        assertEquals("BULK-0", job.getJsonArray("items").getJsonObject(0).getString("value"));
        JsonObject tail = get("/api/jobs/" + jobId + "/items?offset=9998&limit=5", OPERATOR).json();
        assertEquals(10_000, tail.getInt("total"));
        assertEquals(List.of("BULK-9998", "BULK-9999"), tail.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .map(i -> i.getString("value")).toList());
        assertEquals("name", tail.getJsonArray("items").getJsonObject(0).getString("kind"));
        assertEquals(404, get("/api/jobs/99999999/items", OPERATOR).status());
    }
}
