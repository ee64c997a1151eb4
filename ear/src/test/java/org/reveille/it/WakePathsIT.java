package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.SelectorLoop;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.MagicPacketRecorder;
import org.reveille.sim.Reception;
import org.reveille.sim.SimulatedMachine;
import org.reveille.sim.SimulatedSubnet;

/**
 * Wake paths beyond the agent's own subnet (issue 16, item 1; docs/network.md "Paired subnets"), end to end: a
 * simulated subnet (127.81.1.0/24, two real agents, three sleeping machines) is paired with two "unauthenticated"
 * subnets, 127.81.2.0/24 and 127.81.3.0/25, each a listener on its directed-broadcast address (127.81.2.255,
 * 127.81.3.127). A wake sends every target's packets on its own subnet and, through the same agent, to both paired
 * broadcasts; each target records the three paths. Unpaired again, the next wake uses its own subnet only.
 */
@ExtendWith(ArquillianExtension.class)
class WakePathsIT extends ServerTestSupport {

    private static final int WOL_PORT = ItPorts.of(24809);
    private static final String SUBNET = "127.81.1.0/24";
    private static final List<String> PAIRED = List.of("127.81.2.0/24", "127.81.3.0/25");

    private static FleetSimulator fleet;
    private static SelectorLoop loop;
    private static MagicPacketRecorder guest;
    private static MagicPacketRecorder authFail;
    private static long subnetId;

    private static SimulatedSubnet subnet() {
        return fleet.subnets().get(0);
    }

    private static List<SimulatedMachine> sleepers() {
        return subnet().machines(SimulatedMachine.Kind.SLEEPING);
    }

    @BeforeAll
    static void startFleetPairAndDiscover() throws Exception {
        fleet = FleetSimulator.start(FleetConfig.builder()
                .subnets(1).firstSubnet(Ipv4Address.parse("127.81.1.0")).agentsPerSubnet(2).sleepingPerSubnet(3)
                .server("127.0.0.1", ItPorts.SERVER).agentPort(ItPorts.AGENT).sharedKey(agentKey())
                .wolPort(WOL_PORT).probePort(ItPorts.of(24810)).build());
        loop = SelectorLoop.start(Executors.defaultThreadFactory());
        guest = MagicPacketRecorder.open(Ipv4Address.parse("127.81.2.255"), WOL_PORT, loop);
        authFail = MagicPacketRecorder.open(Ipv4Address.parse("127.81.3.127"), WOL_PORT, loop);
        pushInventory(fleet.machines(), m -> m.kind() == SimulatedMachine.Kind.AGENT ? "workstation" : "laptop");
        assertEquals(200, put("/api/settings", "{\"magicPacketPort\":" + WOL_PORT + ",\"wakeRateLimitPerSubnet\":0,"
                + "\"wakeRateLimitGlobal\":0,\"probeMethod\":\"tcp\",\"pingTimeoutMillis\":500}", ADMIN).status());
        assertEquals(201, post("/api/boundaries", "{\"subnet\":\"127.81.0.0/16\",\"source\":\"wake-paths-it\"}", ADMIN).status());
        Reply added = post("/api/subnets", "{\"subnet\":\"" + SUBNET + "\"}", ADMIN);
        assertEquals(201, added.status(), added.body());
        subnetId = added.json().getJsonNumber("id").longValue();
        awaitSubnet(subnetId, Duration.ofSeconds(60), v -> v.containsKey("primary") && v.containsKey("alternate"));
    }

    @AfterAll
    static void restore() throws IOException {
        try {
            put("/api/subnet-pairs", "{\"subnet\":\"" + SUBNET + "\",\"paired\":[]}", ADMIN);
            put("/api/settings", "{\"magicPacketPort\":9,\"wakeRateLimitPerSubnet\":50,\"wakeRateLimitGlobal\":1000,"
                    + "\"probeMethod\":\"icmp\",\"pingTimeoutMillis\":1000}", ADMIN);
            get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(b -> "wake-paths-it".equals(b.getString("source", "")))
                    .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
            removeSubnets("127.81.");
        } finally {
            for (java.io.Closeable c : new java.io.Closeable[] {guest, authFail, loop, fleet}) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    private static long wakeAll() {
        String names = sleepers().stream().map(m -> "\"" + m.name() + "\"").collect(Collectors.joining(",", "[", "]"));
        Reply reply = post("/api/wake", "{\"names\":" + names + "}", OPERATOR);
        assertEquals(202, reply.status(), reply.body());
        return reply.json().getJsonNumber("jobId").longValue();
    }

    private static Map<String, JsonObject> targetsByMac(long job) throws InterruptedException {
        JsonObject done = awaitResource("/api/jobs/" + job, Duration.ofSeconds(30), j -> j.getString("state").equals("done"));
        assertEquals(3, done.getJsonObject("counts").getJsonNumber("sent").longValue(), done.toString());
        return done.getJsonArray("targets").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(t -> t.getString("mac"), t -> t));
    }

    /** Whether the listener received {@code mac}'s packets at {@code since} or later. */
    private static boolean seenSince(MagicPacketRecorder recorder, MacAddress mac, Instant since) {
        Reception reception = recorder.receptionOf(mac);
        return reception != null && reception.lastAtMillis() >= since.toEpochMilli();
    }

    @Test
    void aPairedSubnetsBroadcastCarriesTheWakeAndEveryPathIsRecorded() throws Exception {
        Reply paired = put("/api/subnet-pairs", "{\"subnet\":\"" + SUBNET + "\",\"paired\":[\"" + String.join("\",\"", PAIRED) + "\"]}", ADMIN);
        assertEquals(200, paired.status(), paired.body());
        JsonObject subnet = get("/api/subnets/" + subnetId, OPERATOR).json();
        assertEquals(PAIRED, subnet.getJsonArray("paired").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList(),
                "the subnet shows its pairs");

        Instant start = Instant.now();
        long job = wakeAll();
        Set<MacAddress> macs = sleepers().stream().map(SimulatedMachine::mac).collect(Collectors.toSet());
        assertEquals(List.of(), fleet.awaitWoken(macs, Duration.ofSeconds(30)), "every target's packets on its own subnet");
        Map<String, JsonObject> targets = targetsByMac(job);
        for (SimulatedMachine m : sleepers()) {
            JsonObject target = targets.get(m.mac().toString());
            assertNotNull(target, targets.keySet().toString());
            Ipv4Address agent = Ipv4Address.parse(target.getString("sentBy"));
            for (MagicPacketRecorder recorder : List.of(guest, authFail)) {
                Reception reception = awaitReception(recorder, m.mac(), start);
                assertEquals(agent, reception.lastSource(), "the paired broadcast is sent by the agent that took the target");
            }
            List<JsonObject> paths = target.getJsonArray("paths").getValuesAs(JsonObject.class);
            assertEquals(List.of("subnet 127.81.1.255", "paired 127.81.2.255", "paired 127.81.3.127"),
                    paths.stream().map(p -> p.getString("kind") + " " + p.getString("address")).toList(), target.toString());
            assertTrue(paths.stream().allMatch(p -> p.getBoolean("sent") && !p.containsKey("notSent")), target.toString());
        }

        // unpaired: the next wake goes to its own subnet only, and says so
        assertEquals(200, put("/api/subnet-pairs", "{\"subnet\":\"" + SUBNET + "\",\"paired\":[]}", ADMIN).status());
        assertEquals(0, get("/api/subnets/" + subnetId, OPERATOR).json().getJsonArray("paired").size());
        Instant again = Instant.now();
        long second = wakeAll();
        Map<String, JsonObject> unpaired = targetsByMac(second);
        for (SimulatedMachine m : sleepers()) {
            JsonObject target = unpaired.get(m.mac().toString());
            assertEquals(1, target.getJsonArray("paths").size(), target.toString());
            assertEquals("subnet", target.getJsonArray("paths").getJsonObject(0).getString("kind"));
            awaitReception(subnet().segment(), m.mac(), again);   // sent on its own subnet again
        }
        Thread.sleep(500);   // a packet to a paired broadcast would have arrived with the own subnet's
        for (SimulatedMachine m : sleepers()) {
            assertTrue(!seenSince(guest, m.mac(), again) && !seenSince(authFail, m.mac(), again), "nothing to the former pairs");
        }
        // the export carries the paths as text
        Reply csv = get("/api/jobs/" + job + "/targets/export?format=csv", OPERATOR);
        assertEquals(200, csv.status(), csv.body());
        assertTrue(csv.body().lines().findFirst().orElseThrow().endsWith(",paths"), csv.body());
        assertTrue(csv.body().contains("subnet 127.81.1.255; paired 127.81.2.255; paired 127.81.3.127"), csv.body());
    }

    private static Reception awaitReception(MagicPacketRecorder recorder, MacAddress mac, Instant since) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!seenSince(recorder, mac, since)) {
            assertTrue(System.nanoTime() < deadline, mac + " not seen within 10 s");
            Thread.sleep(50);
        }
        return recorder.receptionOf(mac);
    }
}
