package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.SimulatedMachine;

/**
 * IPv6 (issue 16, item 4; docs/network.md "IPv6"), end to end on the simulated fleet: 127.88.1.0/24 runs two real
 * agents whose link is fd7f:58:1::/64 (the simulator's IPv6 links all end in one listener on [::1], which stands for
 * every link's ff02::1). The agents announce the prefix when they register (protocol version 4); machines known only
 * by an IPv6 address are placed on the subnet by it, woken through its agent, and their packets go to the link's
 * ff02::1 as well as to the subnet's broadcast; administrators set prefixes (audited, every bad one named, an overlap
 * with another subnet's refused); IPv6 prefix boundaries round-trip.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Ipv6IT extends ServerTestSupport {

    private static final int WOL_PORT = ItPorts.of(24839);
    private static final String LINK = "127.88.1.0/24";
    private static final String OTHER = "127.88.2.0/24";
    private static final String PREFIX = "fd7f:58:1::/64";
    private static final String SOURCE = "ipv6-it";

    private static FleetSimulator fleet;
    private static long linkId;

    @BeforeAll
    static void startFleet() throws Exception {
        fleet = FleetSimulator.start(FleetConfig.builder().subnets(1).firstSubnet(Ipv4Address.parse("127.88.1.0")).agentsPerSubnet(2)
                .deadHostsPerSubnet(0).sleepingPerSubnet(4).ipv6(true).server("127.0.0.1", ItPorts.SERVER).agentPort(ItPorts.AGENT)
                .sharedKey(agentKey()).wolPort(WOL_PORT).probePort(ItPorts.of(24840)).build());
        // the agents as they are; the sleeping machines by their MAC and IPv6 address only
        pushInventory(fleet.machines(SimulatedMachine.Kind.AGENT), m -> "workstation");
        assertEquals(200, put("/api/inventory/machines", fleet.machines(SimulatedMachine.Kind.SLEEPING).stream().map(Ipv6IT::ipv6Only)
                .collect(Collectors.joining(",", "{\"machines\":[", "]}")), INVENTORY).status());
        assertEquals(200, put("/api/settings", "{\"magicPacketPort\":" + WOL_PORT + ",\"wakeRateLimitPerSubnet\":0,\"wakeRateLimitGlobal\":0}",
                ADMIN).status());
        assertEquals(201, post("/api/boundaries", "{\"subnet\":\"127.88.0.0/16\",\"source\":\"" + SOURCE + "\"}", ADMIN).status());
        Reply added = post("/api/subnets", "{\"subnet\":\"" + LINK + "\"}", ADMIN);
        assertEquals(201, added.status(), added.body());
        linkId = added.json().getJsonNumber("id").longValue();
        awaitSubnet(linkId, Duration.ofSeconds(60), v -> v.containsKey("primary") && v.containsKey("alternate"));
    }

    private static String ipv6Only(SimulatedMachine m) {
        return String.format("{\"resourceId\":\"%s\",\"name\":\"%s\",\"chassis\":\"laptop\",\"nics\":[{\"mac\":\"%s\",\"ipv6\":\"%s\"}]}",
                m.resourceId(), m.name(), m.mac(), m.ipv6());
    }

    @AfterAll
    static void restore() throws IOException {
        try {
            put("/api/settings", "{\"magicPacketPort\":9,\"wakeRateLimitPerSubnet\":50,\"wakeRateLimitGlobal\":1000}", ADMIN);
            get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(b -> SOURCE.equals(b.getString("source", "")))
                    .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
            removeSubnets("127.88.");
        } finally {
            if (fleet != null) {
                fleet.close();
            }
            // the prefixes outlive the subnets (docs/network.md, "IPv6"): leave none behind
            for (String subnet : List.of(LINK, OTHER)) {
                put("/api/subnets/ipv6-prefixes", "{\"subnet\":\"" + subnet + "\",\"prefixes\":[]}", ADMIN);
            }
        }
    }

    private static JsonObject done(long job) throws InterruptedException {
        return awaitResource("/api/jobs/" + job, Duration.ofSeconds(60), j -> j.getString("state").equals("done"));
    }

    private static long wakeByName(List<String> names) {
        Reply reply = post("/api/wake", names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(",", "{\"names\":[", "]}")), OPERATOR);
        assertEquals(202, reply.status(), reply.body());
        return reply.json().getJsonNumber("jobId").longValue();
    }

    private static List<String> fields(Reply problem) {
        return problem.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream().map(e -> e.getString("field")).toList();
    }

    private static List<JsonObject> prefixesOf(JsonObject subnet) {
        return subnet.getJsonArray("ipv6Prefixes").getValuesAs(JsonObject.class);
    }

    @Test
    @Order(1)
    void theAgentsAnnounceTheirLinksPrefixWhenTheyRegister() throws Exception {
        JsonObject subnet = awaitSubnet(linkId, Duration.ofSeconds(30), v -> !prefixesOf(v).isEmpty());
        assertEquals(1, prefixesOf(subnet).size(), subnet.toString());
        assertEquals(PREFIX, prefixesOf(subnet).get(0).getString("prefix"));
        assertEquals("agent", prefixesOf(subnet).get(0).getString("source"));
        List<JsonObject> listed = get("/api/subnets/ipv6-prefixes?subnet=" + LINK, OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class);
        assertEquals(List.of(PREFIX), listed.stream().map(p -> p.getString("prefix")).toList());
        assertEquals(LINK, listed.get(0).getString("subnet"));
        assertTrue(get("/api/subnets/ipv6-prefixes", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .anyMatch(p -> PREFIX.equals(p.getString("prefix")) && LINK.equals(p.getString("subnet"))));
        assertEquals(403, get("/api/subnets/ipv6-prefixes", INVENTORY).status());
    }

    @Test
    @Order(2)
    void anIpv6OnlyNicRoundTripsThroughTheInventoryAndBadAddressesAreNamed() {
        SimulatedMachine sleeper = fleet.machines(SimulatedMachine.Kind.SLEEPING).get(0);
        JsonObject machine = get("/api/machines/" + sleeper.resourceId(), OPERATOR).json();
        JsonObject nic = machine.getJsonArray("nics").getJsonObject(0);
        assertEquals(sleeper.ipv6().toString(), nic.getString("ipv6"), machine.toString());
        assertFalse(nic.containsKey("ip"), "an IPv6-only NIC: " + nic);
        assertFalse(nic.containsKey("subnet"), "an IPv6-only NIC: " + nic);

        Reply bad = put("/api/inventory/machines", "{\"machines\":["
                + "{\"resourceId\":\"ipv6-it-bad-1\",\"name\":\"BAD1\",\"nics\":[{\"mac\":\"02:00:7f:58:09:01\",\"ipv6\":\"fe80::1\"}]},"
                + "{\"resourceId\":\"ipv6-it-bad-2\",\"name\":\"BAD2\",\"nics\":[{\"mac\":\"02:00:7f:58:09:02\",\"ipv6\":\"2001:db8::g\"}]},"
                + "{\"resourceId\":\"ipv6-it-good\",\"name\":\"GOOD\",\"nics\":[{\"mac\":\"02:00:7f:58:09:03\",\"ipv6\":\"2001:DB8:0:0::1\"}]}]}", INVENTORY);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.contentType().startsWith("application/problem+json"), bad.contentType());
        assertEquals(List.of("machines[0].nics[0].ipv6", "machines[1].nics[0].ipv6"), fields(bad));
        assertTrue(bad.body().contains("link-local"), bad.body());
        assertEquals(404, get("/api/machines/ipv6-it-good", OPERATOR).status(), "all or nothing: the good row was not stored either");
    }

    @Test
    @Order(3)
    void machinesKnownByTheirIpv6AddressAreWokenThroughTheLinksAgentAndItsAllNodesAddress() throws Exception {
        List<SimulatedMachine> sleepers = fleet.machines(SimulatedMachine.Kind.SLEEPING);
        List<MacAddress> macs = sleepers.stream().map(SimulatedMachine::mac).toList();
        JsonObject job = done(wakeByName(sleepers.stream().map(SimulatedMachine::name).toList()));
        assertEquals(4, job.getJsonObject("counts").getInt("sent"), job.toString());
        assertEquals(List.of(), fleet.awaitLinkReceived(macs, Duration.ofSeconds(10)), "every packet on the IPv6 link's ff02::1");
        assertEquals(List.of(), fleet.awaitWoken(macs, Duration.ofSeconds(10)), "and on the subnet's IPv4 broadcast");
        List<String> agents = fleet.machines(SimulatedMachine.Kind.AGENT).stream().map(m -> m.ip().toString()).toList();
        for (JsonObject target : job.getJsonArray("targets").getValuesAs(JsonObject.class)) {
            assertEquals(LINK, target.getString("subnet"), "placed by its IPv6 address: " + target);
            assertTrue(agents.contains(target.getString("sentBy")), target.toString());
            List<JsonObject> paths = target.getJsonArray("paths").getValuesAs(JsonObject.class);
            assertEquals(List.of("subnet", "link"), paths.stream().map(p -> p.getString("kind")).toList(), target.toString());
            assertEquals("ff02::1", paths.get(1).getString("address"));
            assertTrue(paths.get(1).getBoolean("sent"), "the agent reported the link took it: " + target);
        }
    }

    @Test
    @Order(4)
    void administratorsSetPrefixesWithEveryBadOneNamedAndAnOverlapRefused() throws Exception {
        Reply bad = put("/api/subnets/ipv6-prefixes", "{\"subnet\":\"127.88.1.9/24\",\"prefixes\":[\"fe80::/64\",\"2001:db8:58::1/64\",\"x\"]}", ADMIN);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.contentType().startsWith("application/problem+json"), bad.contentType());
        assertEquals(List.of("subnet", "prefixes[0]", "prefixes[1]", "prefixes[2]"), fields(bad));
        assertEquals(List.of("prefixes"), fields(put("/api/subnets/ipv6-prefixes", "{\"subnet\":\"" + LINK + "\"}", ADMIN)));
        assertEquals(403, put("/api/subnets/ipv6-prefixes", "{\"subnet\":\"" + LINK + "\",\"prefixes\":[]}", OPERATOR).status());

        Reply set = put("/api/subnets/ipv6-prefixes", "{\"subnet\":\"" + LINK + "\",\"prefixes\":[\"" + PREFIX + "\",\"2001:db8:58:1::/64\"]}", ADMIN);
        assertEquals(200, set.status(), set.body());
        JsonObject subnet = get("/api/subnets/" + linkId, OPERATOR).json();
        assertEquals(List.of("2001:db8:58:1::/64 admin", PREFIX + " admin"), prefixesOf(subnet).stream()
                .map(p -> p.getString("prefix") + " " + p.getString("source")).toList(), "the agent's prefix is the administrator's now");
        JsonObject audit = get("/api/audit?kind=subnet-ipv6-prefixes-changed&limit=1000", ADMIN).json().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().filter(e -> ("subnet " + LINK).equals(e.getString("subject", null))).findFirst()
                .orElseThrow(() -> new AssertionError("no subnet-ipv6-prefixes-changed entry for " + LINK));
        assertEquals(List.of(PREFIX), audit.getJsonObject("detail").getJsonArray("before").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());

        Reply overlap = put("/api/subnets/ipv6-prefixes", "{\"subnet\":\"" + OTHER + "\",\"prefixes\":[\"2001:db8:58::/48\"]}", ADMIN);
        assertEquals(409, overlap.status(), overlap.body());
        assertTrue(overlap.body().contains(LINK), overlap.body());

        // a machine in the administrator's second prefix is placed on the link; one in no prefix is skipped, saying why
        assertEquals(200, put("/api/inventory/machines", "{\"machines\":["
                + "{\"resourceId\":\"ipv6-it-second\",\"name\":\"IPV6-IT-SECOND\",\"nics\":[{\"mac\":\"02:00:7f:58:09:11\",\"ipv6\":\"2001:db8:58:1::11\"}]},"
                + "{\"resourceId\":\"ipv6-it-nowhere\",\"name\":\"IPV6-IT-NOWHERE\",\"nics\":[{\"mac\":\"02:00:7f:58:09:12\",\"ipv6\":\"2001:db8:59::12\"}]}]}",
                INVENTORY).status());
        JsonObject job = done(wakeByName(List.of("IPV6-IT-SECOND", "IPV6-IT-NOWHERE")));
        assertEquals(1, job.getJsonObject("counts").getInt("sent"), job.toString());
        assertEquals(List.of(), fleet.awaitLinkReceived(List.of(MacAddress.parse("02:00:7f:58:09:11")), Duration.ofSeconds(10)));
        JsonObject nowhere = job.getJsonArray("targets").getValuesAs(JsonObject.class).stream()
                .filter(t -> "ipv6-it-nowhere".equals(t.getString("resourceId", ""))).findFirst().orElseThrow();
        assertEquals("skipped", nowhere.getString("state"), nowhere.toString());
        assertTrue(nowhere.getString("reason").contains("no subnet's IPv6 link has a prefix holding 2001:db8:59::12"), nowhere.toString());
    }

    @Test
    @Order(5)
    void anIpv6PrefixIsABoundary() {
        Reply added = post("/api/boundaries", "{\"subnet\":\"FD7F:58::/32\",\"source\":\"" + SOURCE + "\"}", ADMIN);
        assertEquals(201, added.status(), added.body());
        assertEquals("prefix6", added.json().getString("kind"));
        assertEquals("fd7f:58::/32", added.json().getString("subnet"));
        JsonObject set = get("/api/boundaries", OPERATOR).json();
        assertTrue(set.getJsonArray("merged").getValuesAs(jakarta.json.JsonString.class).stream()
                .anyMatch(m -> m.getString().equals("fd7f:58::/32")), set.toString());
        assertEquals(409, post("/api/boundaries", "{\"subnet\":\"fd7f:58::/32\",\"source\":\"" + SOURCE + "\"}", ADMIN).status(), "a duplicate");
        Reply bad = post("/api/boundaries", "{\"subnet\":\"fd7f:58::1/32\",\"source\":\"" + SOURCE + "\"}", ADMIN);
        assertEquals(400, bad.status(), bad.body());
        assertEquals(List.of("subnet"), fields(bad));
    }
}
