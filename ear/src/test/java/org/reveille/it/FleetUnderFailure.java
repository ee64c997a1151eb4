package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.reveille.it.ServerTestSupport.Reply;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.Reception;
import org.reveille.sim.SimulatedMachine;

/**
 * A simulated fleet discovered by a server that a fault test started itself (BrokerFailoverIT; the node tests next): 20
 * subnets of two agents and 100 sleeping machines on loopback, woken at a fixed rate by jobs that lose a part of the
 * system when a quarter of their targets are sent. {@link #wakeAllLosing} checks that no target is lost and reports
 * the pause the loss caused and the machines sent a packet twice (docs/reliability.md).
 */
final class FleetUnderFailure implements AutoCloseable {

    static final int SUBNETS = 20;
    static final int SLEEPING_PER_SUBNET = 100;
    /** Magic packets a second for the whole server: a job lasts long enough to lose something in the middle. */
    static final int RATE = 150;

    private static final String[] ADMIN = ServerTestSupport.ADMIN;

    /** The failure a job suffers. */
    @FunctionalInterface
    interface Failure {
        void run() throws Exception;
    }

    /**
     * The fleet and its pace: {@code subnets} of two agents and {@code sleepingPerSubnet} sleeping machines, woken at
     * {@code rate} packets a second; the agents know the servers' listeners {@code listeners} (all on
     * {@code listenerPort}) and heartbeat every {@code heartbeat} (null: the simulator's default).
     */
    record Layout(int subnets, int sleepingPerSubnet, int rate, List<String> listeners, int listenerPort, Duration heartbeat) {

        /** The fault tests' default: {@value #SUBNETS} subnets of {@value #SLEEPING_PER_SUBNET} at {@value #RATE}/s, one server. */
        static Layout of(String listener, int listenerPort) {
            return new Layout(SUBNETS, SLEEPING_PER_SUBNET, RATE, List.of(listener), listenerPort, null);
        }
    }

    private String base;
    private final FleetSimulator fleet;
    private final Path figures;
    private final int rate;
    private final List<Long> ids = new ArrayList<>();

    private FleetUnderFailure(String base, FleetSimulator fleet, Path figures, int rate) {
        this.base = base;
        this.fleet = fleet;
        this.figures = figures;
        this.rate = rate;
    }

    /**
     * Sets the server at {@code base} up for the fleet (its agent listener on {@code listener}:{@code listenerPort}),
     * starts the fleet on 127.{@code secondOctet}.1.0 and on, and waits until every subnet has a Primary and an
     * Alternate. Each job's figures are appended to {@code figures}.
     */
    static FleetUnderFailure start(String base, Path agentKeyFile, String listener, int listenerPort, int secondOctet,
                                   int wolPort, int probePort, Path figures) throws Exception {
        return start(base, agentKeyFile, Layout.of(listener, listenerPort), secondOctet, wolPort, probePort, figures);
    }

    /** As above, for the fleet {@code layout} describes. */
    static FleetUnderFailure start(String base, Path agentKeyFile, Layout layout, int secondOctet, int wolPort, int probePort,
                                   Path figures) throws Exception {
        Reply settings = ServerTestSupport.putAt(base, "/api/settings", "{\"serverPort\":" + layout.listenerPort() + ",\"agentPort\":"
                + ItPorts.AGENT + ",\"magicPacketPort\":" + wolPort + ",\"wakeRateLimitPerSubnet\":0,\"wakeRateLimitGlobal\":" + layout.rate()
                + ",\"probeMethod\":\"tcp\",\"pingTimeoutMillis\":500}", ADMIN);
        assertEquals(200, settings.status(), settings.body());
        byte[] key = Files.readString(agentKeyFile, StandardCharsets.UTF_8).lines().findFirst().orElseThrow().strip()
                .getBytes(StandardCharsets.UTF_8);
        FleetConfig.Builder config = FleetConfig.builder()
                .subnets(layout.subnets()).firstSubnet(Ipv4Address.parse("127." + secondOctet + ".1.0")).agentsPerSubnet(2)
                .sleepingPerSubnet(layout.sleepingPerSubnet())
                .servers(layout.listeners().stream().map(l -> new java.net.InetSocketAddress(l, layout.listenerPort())).toList())
                .agentPort(ItPorts.AGENT).sharedKey(key).wolPort(wolPort).probePort(probePort);
        if (layout.heartbeat() != null) {
            config.heartbeatInterval(layout.heartbeat());
        }
        FleetSimulator fleet = FleetSimulator.start(config.build());
        FleetUnderFailure under = new FleetUnderFailure(base, fleet, figures, layout.rate());
        try {
            List<SimulatedMachine> all = fleet.machines();
            for (int from = 0; from < all.size(); from += 5000) {   // the inventory takes at most 10,000 a request
                String machines = all.subList(from, Math.min(all.size(), from + 5000)).stream().map(m -> String.format(
                        "{\"resourceId\":\"%s\",\"name\":\"%s\",\"chassis\":\"%s\",\"nics\":[{\"mac\":\"%s\",\"ip\":\"%s\",\"subnet\":\"%s\"}]}",
                        m.resourceId(), m.name(), m.kind() == SimulatedMachine.Kind.AGENT ? "workstation" : "laptop", m.mac(), m.ip(), m.subnet()))
                        .collect(Collectors.joining(",", "{\"machines\":[", "]}"));
                Reply pushed = ServerTestSupport.putAt(base, "/api/inventory/machines", machines, ServerTestSupport.INVENTORY);
                assertEquals(200, pushed.status(), pushed.body());
            }
            Reply boundary = under.post("/api/boundaries", "{\"subnet\":\"127." + secondOctet + ".0.0/16\",\"source\":\"fault-test\"}");
            assertEquals(201, boundary.status(), boundary.body());
            List<Long> ids = under.ids;
            for (var subnet : fleet.subnets()) {
                Reply added = under.post("/api/subnets", "{\"subnet\":\"" + subnet.cidr() + "\"}");
                assertEquals(201, added.status(), added.body());
                ids.add(added.json().getJsonNumber("id").longValue());
            }
            for (long id : ids) {
                under.await("/api/subnets/" + id, Duration.ofSeconds(300), v -> v.containsKey("primary") && v.containsKey("alternate"));
            }
            return under;
        } catch (Exception | Error e) {
            fleet.close();
            throw e;
        }
    }

    FleetSimulator fleet() {
        return fleet;
    }

    /** From now on, requests go to the server at {@code base} (another node, when the first is gone). */
    void useServer(String base) {
        this.base = base;
    }

    /** The ids of the fleet's subnets in the server's agent list. */
    List<Long> subnetIds() {
        return ids;
    }

    /**
     * Wakes every sleeping machine; when a quarter is sent, {@code failure} happens, then {@code afterFailure} checks
     * what the test expects of it (who took over). Returns the machines sent more than one packet.
     */
    long wakeAllLosing(String failureName, Failure failure, Failure afterFailure) throws Exception {
        List<SimulatedMachine> sleepers = fleet.machines(SimulatedMachine.Kind.SLEEPING);
        Map<MacAddress, Long> packetsBefore = sleepers.stream().collect(Collectors.toMap(SimulatedMachine::mac, m -> packets(List.of(m))));
        long before = packetsBefore.values().stream().mapToLong(Long::longValue).sum();
        Instant submitted = Instant.now();
        Reply accepted = post("/api/wake", "{\"resourceIds\":" + sleepers.stream().map(m -> "\"" + m.resourceId() + "\"")
                .collect(Collectors.joining(",", "[", "]")) + "}");
        assertEquals(202, accepted.status(), accepted.body());
        long job = accepted.json().getJsonNumber("jobId").longValue();

        JsonObject atFailure = await("/api/jobs/" + job, Duration.ofSeconds(60), j -> count(j, "sent") >= sleepers.size() / 4);
        assertEquals("running", atFailure.getString("state"), "the job must still be running at the failure: " + atFailure.getJsonObject("counts"));
        Instant failed = Instant.now();
        failure.run();

        // the longest pause between two packets from the failure to the last packet is what the failure cost the job
        Instant deadline = failed.plusSeconds(300);
        Instant lastPacket = failed;
        Duration longestPause = Duration.ZERO;
        long seen = packets(sleepers);
        while (seen < before + sleepers.size() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            long now = packets(sleepers);
            if (now > seen) {
                Duration pause = Duration.between(lastPacket, Instant.now());
                longestPause = pause.compareTo(longestPause) > 0 ? pause : longestPause;
                lastPacket = Instant.now();
                seen = now;
            }
        }
        afterFailure.run();

        JsonObject done = await("/api/jobs/" + job, Duration.ofSeconds(240), j -> "done".equals(j.getString("state")));
        Duration took = Duration.between(submitted, Instant.now());
        JsonObject counts = done.getJsonObject("counts");
        assertEquals(sleepers.size(), done.getInt("total"));
        assertEquals(sleepers.size(), counts.getInt("sent"), "every target sent, none lost: " + counts);

        Map<Long, Long> byPackets = sleepers.stream().collect(Collectors.groupingBy(
                m -> packets(List.of(m)) - packetsBefore.get(m.mac()), TreeMap::new, Collectors.counting()));
        assertEquals(null, byPackets.get(0L), "every machine received its magic packet: " + byPackets);
        long twice = byPackets.entrySet().stream().filter(e -> e.getKey() > 1).mapToLong(Map.Entry::getValue).sum();
        String line = String.format("%d targets at %d/s, %s after %d sent; longest pause between two packets after it %.1f s; "
                        + "job done after %.1f s (%.1f s at the rate); targets lost: 0; machines sent more than one packet: %d "
                        + "(machines by packets received: %s)%n", sleepers.size(), rate, failureName, count(atFailure, "sent"),
                longestPause.toMillis() / 1000.0, took.toMillis() / 1000.0, sleepers.size() / (double) rate, twice, byPackets);
        System.out.print(line);
        Files.writeString(figures, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return twice;
    }

    long packets(List<SimulatedMachine> machines) {
        return machines.stream().map(m -> fleet.reception(m.mac())).filter(r -> r != null).mapToLong(Reception::packets).sum();
    }

    Reply get(String path) {
        return ServerTestSupport.getAt(base, path, ADMIN);
    }

    Reply post(String path, String json) {
        return ServerTestSupport.postAt(base, path, json, ADMIN);
    }

    JsonObject await(String path, Duration timeout, Predicate<JsonObject> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Reply last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = get(path);
                if (last.status() == 200 && condition.test(last.json())) {
                    return last.json();
                }
            } catch (AssertionError unreachable) {
                // the server is restarting: ask again
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " did not reach the expected state within " + timeout + "; last: " + (last == null ? null : last.body()));
    }

    /** Polls {@code path} until it answers 200 (a server coming back, a broker pair restarted). */
    Reply await200(String path, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Reply last = get(path);
        while (last.status() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            last = get(path);
        }
        return last;
    }

    static long count(JsonObject job, String state) {
        return job.getJsonObject("counts").getJsonNumber(state).longValue();
    }

    /** The machines of the fleet that are asleep. */
    List<SimulatedMachine> sleepers() {
        return fleet.machines(SimulatedMachine.Kind.SLEEPING);
    }

    @Override
    public void close() throws IOException {
        fleet.close();
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
