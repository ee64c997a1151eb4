package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.BatchTarget;
import org.reveille.protocol.ErrorCode;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.IdentityKeys;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.ProtocolException;
import org.reveille.protocol.RemoteErrorException;
import org.reveille.protocol.RoleChange;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.SigningIdentity;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.WireRole;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.SimulatedMachine;
import org.reveille.sim.SimulatedSubnet;

/**
 * A fleet of real agents (the agent's code, in the fleet simulator) that enrolled with a token, against the real server
 * (docs/security.md, "Agent identity"): discovered, registered and woken with frames signed by the server's key; a rogue
 * PC holding its own valid identity cannot make another agent wake anything or change its role; and with
 * {@code sharedKeyAccepted=false} the enrolled fleet still wakes while a fleet on the shared key can no longer be
 * commanded (the last step of the migration, docs/security.md, "Moving an estate from the shared key to enrollment").
 */
@ExtendWith(ArquillianExtension.class)
class EnrolledFleetIT extends ServerTestSupport {

    private static final int WOL_PORT = ItPorts.of(24609);
    private static FleetSimulator enrolled;
    private static FleetSimulator sharedKey;

    @BeforeAll
    static void startFleets() throws Exception {
        Reply token = post("/api/enrollment-tokens", "{\"validHours\":1,\"uses\":6,\"description\":\"EnrolledFleetIT\"}", ADMIN);
        assertEquals(201, token.status(), token.body());
        enrolled = FleetSimulator.start(FleetConfig.builder()
                .subnets(2).firstSubnet(Ipv4Address.parse("127.96.1.0")).agentsPerSubnet(3).sleepingPerSubnet(2)
                .server("127.0.0.1", ItPorts.SERVER).agentPort(ItPorts.AGENT).enrollmentToken(token.json().getString("token"))
                .wolPort(WOL_PORT).probePort(ItPorts.of(24610)).build());
        sharedKey = FleetSimulator.start(FleetConfig.builder()
                .subnets(1).firstSubnet(Ipv4Address.parse("127.96.3.0")).agentsPerSubnet(2).sleepingPerSubnet(2)
                .server("127.0.0.1", ItPorts.SERVER).agentPort(ItPorts.AGENT).sharedKey(agentKey())
                .wolPort(WOL_PORT).probePort(ItPorts.of(24611)).build());
        pushInventory(Stream.concat(enrolled.machines().stream(), sharedKey.machines().stream()).toList(),
                m -> m.kind() == SimulatedMachine.Kind.AGENT ? "workstation" : "laptop");
        assertEquals(200, put("/api/settings", "{\"magicPacketPort\":" + WOL_PORT + ",\"probeMethod\":\"tcp\",\"pingTimeoutMillis\":500}",
                ADMIN).status());
        assertEquals(201, post("/api/boundaries", "{\"subnet\":\"127.96.0.0/16\",\"source\":\"enrolled-fleet-it\"}", ADMIN).status());
        for (SimulatedSubnet subnet : Stream.concat(enrolled.subnets().stream(), sharedKey.subnets().stream()).toList()) {
            Reply added = post("/api/subnets", "{\"subnet\":\"" + subnet.cidr() + "\"}", ADMIN);
            assertEquals(201, added.status(), added.body());
            awaitSubnet(added.json().getJsonNumber("id").longValue(), Duration.ofSeconds(60),
                    v -> v.containsKey("primary") && v.containsKey("alternate"));
        }
    }

    @AfterAll
    static void stopFleets() throws Exception {
        try {
            put("/api/settings", "{\"magicPacketPort\":9,\"probeMethod\":\"icmp\",\"pingTimeoutMillis\":1000,\"sharedKeyAccepted\":true}", ADMIN);
            get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(b -> "enrolled-fleet-it".equals(b.getString("source", "")))
                    .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
            get("/api/agent-identities?state=live&limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(i -> i.getString("address").startsWith("127.96."))
                    .forEach(i -> post("/api/agent-identities/" + i.getJsonNumber("id") + "/revoke", "{\"reason\":\"EnrolledFleetIT done\"}", ADMIN));
            removeSubnets("127.96.");
        } finally {
            if (enrolled != null) {
                enrolled.close();
            }
            if (sharedKey != null) {
                sharedKey.close();
            }
        }
    }

    private static JsonObject view(SimulatedSubnet subnet) {
        return get("/api/subnets?limit=1000", OPERATOR).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("subnet").equals(subnet.cidr().toString())).findFirst().orElseThrow();
    }

    private static long wake(SimulatedMachine machine) {
        Reply reply = post("/api/wake", "{\"names\":[\"" + machine.name() + "\"]}", OPERATOR);
        assertEquals(202, reply.status(), reply.body());
        return reply.json().getJsonNumber("jobId").longValue();
    }

    @Test
    void theEnrolledFleetIsDiscoveredAndWokenWithSignedFrames() throws Exception {
        List<JsonObject> identities = get("/api/agent-identities?state=live&limit=1000", ADMIN).json().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().filter(i -> i.getString("address").startsWith("127.96.")).toList();
        assertEquals(6, identities.size(), "every agent of the enrolled fleet enrolled: " + identities);
        SimulatedSubnet subnet = enrolled.subnets().get(0);
        JsonObject view = view(subnet);
        Ipv4Address primary = Ipv4Address.parse(view.getJsonObject("primary").getString("address"));
        assertEquals(WireRole.PRIMARY, enrolled.agent(primary).role(), "the agent obeyed the server's ROLE CHANGE");
        SimulatedMachine sleeper = subnet.machines(SimulatedMachine.Kind.SLEEPING).get(0);
        wake(sleeper);
        assertEquals(List.of(), enrolled.awaitWoken(List.of(sleeper.mac()), Duration.ofSeconds(30)), "the enrolled Primary woke it");
    }

    @Test
    void aRoguePcWithItsOwnIdentityCannotCommandAnotherAgent() throws Exception {
        SimulatedSubnet victim = enrolled.subnets().get(0);
        SimulatedSubnet rogueSubnet = enrolled.subnets().get(1);
        JsonObject view = view(victim);
        Ipv4Address primary = Ipv4Address.parse(view.getJsonObject("primary").getString("address"));
        Ipv4Address alternate = Ipv4Address.parse(view.getJsonObject("alternate").getString("address"));
        Ipv4Address rogue = rogueSubnet.machines(SimulatedMachine.Kind.AGENT).get(0).ip();
        SigningIdentity rogueIdentity = enrolled.identityOf(rogue);
        IdentityKeys anyServer = signer -> {
            throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "not needed: the rogue reads only ERRORs");
        };
        FrameCodec asRogue = new FrameCodec(SecurityContext.forIdentities().withIdentity(rogueIdentity, anyServer));
        MacAddress target = victim.machines(SimulatedMachine.Kind.SLEEPING).get(1).mac();
        WakeBatch batch = new WakeBatch("job-999999/1", WOL_PORT, 1, List.of(new BatchTarget(target, null, null)));
        InetSocketAddress primaryPort = new InetSocketAddress(primary.toInetAddress(), ItPorts.AGENT);
        ProtocolClient client = new ProtocolClient(asRogue, null, Duration.ofSeconds(3), Duration.ofSeconds(10)).bindingTo(rogue);

        RemoteErrorException wakeRefused = assertThrows(RemoteErrorException.class, () -> client.exchange(primaryPort, batch));
        assertEquals(ErrorCode.IDENTITY_REFUSED, wakeRefused.code(), wakeRefused.getMessage());
        // posing as the server's key id does not help: the signature is the rogue's
        long serverKey = get("/api/server-keys", ADMIN).jsonValue().asJsonArray().getJsonObject(0).getJsonNumber("id").longValue();
        FrameCodec posing = new FrameCodec(SecurityContext.forIdentities().withIdentity(new SigningIdentity(serverKey, rogueIdentity.key()), anyServer));
        RemoteErrorException posed = assertThrows(RemoteErrorException.class,
                () -> new ProtocolClient(posing, null, Duration.ofSeconds(3), Duration.ofSeconds(10)).bindingTo(rogue).exchange(primaryPort, batch));
        assertEquals(ErrorCode.BAD_SIGNATURE, posed.code(), posed.getMessage());
        // nor the shared key every old agent holds
        RemoteErrorException sharedKeyRefused = assertThrows(RemoteErrorException.class,
                () -> new ProtocolClient(new FrameCodec(SecurityContext.withKey(agentKey())), null, Duration.ofSeconds(3), Duration.ofSeconds(10))
                        .bindingTo(rogue).exchange(primaryPort, batch));
        assertEquals(ErrorCode.IDENTITY_REFUSED, sharedKeyRefused.code());
        assertTrue(sharedKeyRefused.getMessage().contains("identity-signed frames only"), sharedKeyRefused.getMessage());
        // a ROLE CHANGE to the Alternate
        RemoteErrorException roleRefused = assertThrows(RemoteErrorException.class, () -> client.exchange(
                new InetSocketAddress(alternate.toInetAddress(), ItPorts.AGENT), new RoleChange(WireRole.PRIMARY, "the rogue says so")));
        assertEquals(ErrorCode.IDENTITY_REFUSED, roleRefused.code());

        assertEquals(List.of(target), enrolled.awaitWoken(List.of(target), Duration.ofSeconds(2)), "nothing was woken");
        assertEquals(WireRole.ALTERNATE, enrolled.agent(alternate).role(), "the Alternate kept its role");
        assertEquals(WireRole.PRIMARY, enrolled.agent(primary).role());
    }

    @Test
    void withoutTheSharedKeyTheEnrolledFleetStillWakesAndTheOldOneIsNoLongerCommanded() throws Exception {
        SimulatedMachine enrolledSleeper = enrolled.subnets().get(1).machines(SimulatedMachine.Kind.SLEEPING).get(0);
        SimulatedMachine oldSleeper = sharedKey.subnets().get(0).machines(SimulatedMachine.Kind.SLEEPING).get(0);
        try {
            assertEquals(200, put("/api/settings", "{\"sharedKeyAccepted\":false}", ADMIN).status());
            long enrolledJob = wake(enrolledSleeper);
            long oldJob = wake(oldSleeper);
            assertEquals(List.of(), enrolled.awaitWoken(List.of(enrolledSleeper.mac()), Duration.ofSeconds(30)));
            awaitResource("/api/jobs/" + enrolledJob, Duration.ofSeconds(30), j -> j.getJsonObject("counts").getJsonNumber("sent").longValue() == 1);
            // the old agents refuse the server's key, the server no longer speaks the shared key: the target fails
            JsonObject old = awaitResource("/api/jobs/" + oldJob, Duration.ofSeconds(60),
                    j -> j.getJsonObject("counts").getJsonNumber("failed").longValue() == 1);
            assertEquals(List.of(oldSleeper.mac()), sharedKey.awaitWoken(List.of(oldSleeper.mac()), Duration.ofSeconds(1)),
                    "not woken: " + old);
        } finally {
            assertEquals(200, put("/api/settings", "{\"sharedKeyAccepted\":true}", ADMIN).status());
        }
    }
}
