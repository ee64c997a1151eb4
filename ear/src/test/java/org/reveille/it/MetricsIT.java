package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reveille.net.Ipv4Address;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.SimulatedMachine;

/**
 * Issue 15, item 5: Reveille's own metrics on WildFly's metrics endpoint (the management interface's /metrics,
 * Micrometer's Prometheus registry). A real wake job against a simulated subnet (127.97.1.0/24: two agents, three
 * sleeping machines) moves the target counters by the job's numbers (queued, sent, skipped by reason), the dispatch
 * latency by its sent targets; a schedule's run counts a firing; a manual poll times a poll; the gauges show the
 * subnet and its agents. Scraped in the Prometheus text format, as a Prometheus server would.
 */
@ExtendWith(ArquillianExtension.class)
class MetricsIT extends ServerTestSupport {

    private static final int WOL_PORT = ItPorts.of(24612);
    private static final String BOUNDARY = "127.97.0.0/16";
    private static FleetSimulator fleet;
    private static JsonObject settingsBefore;

    @BeforeAll
    static void startFleet() throws Exception {
        settingsBefore = get("/api/settings", ADMIN).json();
        fleet = FleetSimulator.start(FleetConfig.builder()
                .subnets(1).firstSubnet(Ipv4Address.parse("127.97.1.0")).agentsPerSubnet(2).sleepingPerSubnet(3)
                .server("127.0.0.1", ItPorts.SERVER).agentPort(ItPorts.AGENT).sharedKey(agentKey())
                .wolPort(WOL_PORT).probePort(ItPorts.of(24613)).build());
        pushInventory(fleet.machines(), m -> m.kind() == SimulatedMachine.Kind.AGENT ? "workstation" : "laptop");
        assertEquals(200, put("/api/settings", "{\"magicPacketPort\":" + WOL_PORT + "}", ADMIN).status());
        assertEquals(201, post("/api/boundaries", "{\"subnet\":\"" + BOUNDARY + "\",\"source\":\"metrics-it\"}", ADMIN).status());
        Reply added = post("/api/subnets", "{\"subnet\":\"127.97.1.0/24\"}", ADMIN);
        assertEquals(201, added.status(), added.body());
        awaitSubnet(added.json().getJsonNumber("id").longValue(), Duration.ofSeconds(60), v -> v.containsKey("primary") && v.containsKey("alternate"));
    }

    @AfterAll
    static void stopFleet() throws Exception {
        try {
            if (settingsBefore != null) {
                put("/api/settings", "{\"magicPacketPort\":" + settingsBefore.getInt("magicPacketPort") + "}", ADMIN);
            }
            get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(b -> "metrics-it".equals(b.getString("source", "")))
                    .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
            removeSubnets("127.97.");
        } finally {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    /** Every sample of the scrape: the metric with its labels as written, and its value. */
    private static Map<String, Double> scrape() {
        Reply reply = getAbsolute(MANAGEMENT + "/metrics");
        assertEquals(200, reply.status(), reply.body());
        // WildFly's handler sends no Content-Type (Prometheus takes the text format then): every line is checked instead
        Map<String, Double> samples = new HashMap<>();
        for (String line : reply.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            assertTrue(line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})? \\S+"), "not a sample of the Prometheus text format: " + line);
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    /** The sum of the samples of {@code metric} whose labels include all of {@code labels} (e.g. state="sent"). */
    private static double value(Map<String, Double> samples, String metric, String... labels) {
        return samples.entrySet().stream().filter(e -> e.getKey().equals(metric) || e.getKey().startsWith(metric + "{"))
                .filter(e -> List.of(labels).stream().allMatch(l -> e.getKey().contains(l)))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    @Test
    void aWakeJobMovesTheCountersByItsNumbersAndTheGaugesShowTheEstate() throws Exception {
        Map<String, Double> before = scrape();
        List<String> sleepers = fleet.subnets().get(0).machines(SimulatedMachine.Kind.SLEEPING).stream().map(SimulatedMachine::name).toList();
        String names = sleepers.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(","));
        Reply wake = post("/api/wake", "{\"names\":[" + names + ",\"metrics-it-nobody-1\",\"metrics-it-nobody-2\"]}", OPERATOR);
        assertEquals(202, wake.status(), wake.body());
        long job = wake.json().getJsonNumber("jobId").longValue();
        awaitResource("/api/jobs/" + job, Duration.ofSeconds(60), j -> "done".equals(j.getString("state")));
        assertEquals(3, get("/api/jobs/" + job, OPERATOR).json().getJsonObject("counts").getInt("sent"));
        assertEquals(200, post("/api/agent-state-manager/poll", "", ADMIN).status());

        Map<String, Double> after = awaitScrape(s -> value(s, "reveille_wake_dispatch_latency_seconds_count") - value(before, "reveille_wake_dispatch_latency_seconds_count") >= 3
                && value(s, "reveille_subnets", "state=\"healthy\"") >= 1
                // the gauges are read every 15 s: wait for a reading taken after the Alternate registered
                && value(s, "reveille_subnets_coverage", "coverage=\"primary-and-alternate\"") >= 1);
        assertEquals(3.0, value(after, "reveille_wake_targets_total", "state=\"queued\"") - value(before, "reveille_wake_targets_total", "state=\"queued\""));
        assertEquals(3.0, value(after, "reveille_wake_targets_total", "state=\"sent\"") - value(before, "reveille_wake_targets_total", "state=\"sent\""));
        assertEquals(2.0, value(after, "reveille_wake_targets_total", "state=\"skipped\"", "reason=\"unknown-target\"")
                - value(before, "reveille_wake_targets_total", "state=\"skipped\"", "reason=\"unknown-target\""));
        assertEquals(3.0, value(after, "reveille_wake_dispatch_latency_seconds_count") - value(before, "reveille_wake_dispatch_latency_seconds_count"));
        assertTrue(value(after, "reveille_wake_dispatch_latency_seconds_sum") >= value(before, "reveille_wake_dispatch_latency_seconds_sum"));
        assertTrue(value(after, "reveille_asm_poll_duration_seconds_count") >= value(before, "reveille_asm_poll_duration_seconds_count") + 1);
        String ours = after.entrySet().stream().filter(e -> e.getKey().startsWith("reveille_")).map(String::valueOf).sorted()
                .collect(Collectors.joining("\n"));
        assertTrue(value(after, "reveille_subnets_coverage", "coverage=\"primary-and-alternate\"") >= 1, ours);
        assertTrue(value(after, "reveille_agents", "role=\"primary\"") >= 1, ours);
        assertTrue(value(after, "reveille_agents", "role=\"alternate\"") >= 1, ours);
        assertTrue(after.keySet().stream().anyMatch(k -> k.startsWith("reveille_agent_listener_connections")), "listener gauge");
        assertTrue(after.keySet().stream().anyMatch(k -> k.startsWith("reveille_discovery_queue_depth")), "discovery queue gauge");
        // WildFly's own metrics are served beside Reveille's
        assertTrue(after.keySet().stream().anyMatch(k -> k.startsWith("base_") || k.contains("jvm") || k.contains("undertow")), "server metrics");
    }

    @Test
    void aScheduleRunCountsAFiringAndARefusedFrameCountsARefusal() throws Exception {
        Map<String, Double> before = scrape();
        Reply created = post("/api/schedules", "{\"name\":\"metrics-it-" + System.nanoTime() + "\",\"macs\":[\"02:97:0f:00:00:01\"],"
                + "\"at\":\"2030-01-01T00:00:00Z\"}", OPERATOR);
        assertEquals(201, created.status(), created.body());
        long id = created.json().getJsonNumber("id").longValue();
        try {
            assertEquals(202, post("/api/schedules/" + id + "/run", "", OPERATOR).status());
            try (java.net.Socket garbage = new java.net.Socket("127.0.0.1", ItPorts.SERVER)) {
                garbage.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                garbage.getOutputStream().flush();
                garbage.setSoTimeout(5000);
                garbage.getInputStream().read();
            } catch (java.io.IOException closed) {
                // the listener closes the connection: what matters is that it counted the refusal
            }
            Map<String, Double> after = awaitScrape(s -> value(s, "reveille_agent_listener_refused_total", "reason=\"bad-frame\"")
                    > value(before, "reveille_agent_listener_refused_total", "reason=\"bad-frame\""));
            assertEquals(1.0, value(after, "reveille_agent_listener_refused_total", "reason=\"bad-frame\"")
                    - value(before, "reveille_agent_listener_refused_total", "reason=\"bad-frame\""));
            assertEquals(1.0, value(after, "reveille_schedule_firings_total", "outcome=\"fired\"")
                    - value(before, "reveille_schedule_firings_total", "outcome=\"fired\""));
        } finally {
            delete("/api/schedules/" + id, ADMIN);
        }
    }

    private static Map<String, Double> awaitScrape(java.util.function.Predicate<Map<String, Double>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        Map<String, Double> samples = scrape();
        while (!condition.test(samples) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            samples = scrape();
        }
        return samples;
    }
}
