package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.Ack;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.FrameServer;
import org.reveille.protocol.Heartbeat;
import org.reveille.protocol.ListenerRuntime;
import org.reveille.protocol.MessageType;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.Registration;
import org.reveille.protocol.RoleChange;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.SecurityMismatchException;
import org.reveille.protocol.TlsSettings;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.WireRole;

/**
 * secureTransport=encrypted against the real server (docs/security.md, "TLS on the agent listener"): the agent
 * listener speaks TLS with the key store the server is configured with (arquillian.xml names the stores this test
 * makes with the JDK's keytool: a test CA, the server's certificate for 127.0.0.1, an agent's listener certificate);
 * an agent that checks the server's certificate and host name registers, and a wake job reaches the agent's own TLS
 * listener. A plain agent, an agent trusting another CA and an agent that asked for another host name are refused,
 * and both sides log why. The agent here is made of protocol classes on 127.95.1.10.
 */
@ExtendWith(ArquillianExtension.class)
class EncryptedTransportIT extends ServerTestSupport {

    private static final String PASSWORD = "changeit";
    private static final Ipv4Address AGENT = Ipv4Address.parse("127.95.1.10");
    private static final Ipv4Address MASK = Ipv4Address.parse("255.255.255.0");
    private static final MacAddress TARGET = MacAddress.parse("02:95:01:00:00:21");
    private static Path stores;
    private static ListenerRuntime runtime;
    private static FrameServer agentListener;
    private static final List<WakeBatch> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void storesAndAgent() throws Exception {
        stores = Path.of(System.getProperty("reveille.server.home")).resolveSibling("agent-tls-it").toAbsolutePath().normalize();
        Files.createDirectories(stores);
        if (!Files.exists(stores.resolve("server.p12"))) {
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=reveille-it-ca",
                    "-ext", "bc:c", "-validity", "30", "-storetype", "PKCS12", "-keystore", "ca.p12", "-storepass", PASSWORD);
            keytool("-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-file", "ca.cer");
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.cer", "-storetype", "PKCS12", "-keystore", "ca-trust.p12",
                    "-storepass", PASSWORD);
            signed("agent", "san=ip:" + AGENT);
            keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=other-ca",
                    "-ext", "bc:c", "-validity", "30", "-storetype", "PKCS12", "-keystore", "other-ca.p12", "-storepass", PASSWORD);
            signed("server", "san=ip:127.0.0.1,dns:localhost");   // last: its presence says the set is complete
        }
        runtime = ListenerRuntime.create("encrypted-it-agent", 4, Duration.ofSeconds(5), null);
        agentListener = FrameServer.start(new InetSocketAddress(AGENT.toInetAddress(), ItPorts.AGENT), sharedKeyCodec(),
                TlsSettings.fromPkcs12(stores.resolve("agent.p12"), PASSWORD.toCharArray(), stores.resolve("ca-trust.p12"),
                        PASSWORD.toCharArray(), false),
                EnumSet.of(MessageType.Channel.SERVER_TO_AGENT), (frame, peer) -> {
                    if (frame.message() instanceof WakeBatch batch) {
                        received.add(batch);
                    }
                    return Ack.of("taken");
                }, runtime);
    }

    /** {@code name}.p12: a key pair whose certificate the test CA signed, with these extensions. */
    private static void signed(String name, String ext) throws Exception {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=reveille-it-" + name,
                "-storetype", "PKCS12", "-keystore", name + ".p12", "-storepass", PASSWORD);
        keytool("-certreq", "-alias", name, "-keystore", name + ".p12", "-storepass", PASSWORD, "-file", name + ".csr");
        keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-infile", name + ".csr", "-outfile",
                name + ".cer", "-ext", ext, "-validity", "30");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.cer", "-keystore", name + ".p12", "-storepass", PASSWORD);
        keytool("-importcert", "-alias", name, "-file", name + ".cer", "-keystore", name + ".p12", "-storepass", PASSWORD);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(stores.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool " + args[0] + ": " + out);
    }

    @AfterAll
    static void back() throws Exception {
        try {
            assertEquals(200, put("/api/settings", "{\"secureTransport\":\"authenticated\"}", ADMIN).status());
            get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(b -> "encrypted-it".equals(b.getString("source", "")))
                    .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
            removeSubnets("127.95.");
        } finally {
            if (agentListener != null) {
                agentListener.close();
            }
            if (runtime != null) {
                runtime.close();
            }
            // without its key store the server refuses encrypted again (SettingsIT checks that refusal)
            if (stores != null && Files.isDirectory(stores)) {
                try (var files = Files.list(stores)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    private static FrameCodec sharedKeyCodec() throws IOException {
        return new FrameCodec(SecurityContext.withKey(agentKey()));
    }

    /** An agent's client: trusting {@code trustStore}, checking the server's host name. */
    private static ProtocolClient agentClient(String trustStore) throws IOException {
        return new ProtocolClient(sharedKeyCodec(), TlsSettings.fromPkcs12(null, null, stores.resolve(trustStore), PASSWORD.toCharArray(), false)
                .verifyingHostName(), Duration.ofSeconds(3), Duration.ofSeconds(10)).bindingTo(AGENT);
    }

    private static InetSocketAddress server(String asHost) throws IOException {
        return new InetSocketAddress(InetAddress.getByAddress(asHost, new byte[] {127, 0, 0, 1}), ItPorts.SERVER);
    }


    @Test
    void registrationAndWakeRunInsideTlsAndOnlyTheRightCertificateIsAccepted() throws Exception {
        Reply switched = put("/api/settings", "{\"secureTransport\":\"encrypted\"}", ADMIN);
        assertEquals(200, switched.status(), switched.body());
        awaitAgentListener();
        assertTrue(countInServerLog("TLS with " + stores.resolve("server.p12")) > 0, "the listener names its key store");

        Heartbeat heartbeat = new Heartbeat("PC-TLS-A", AGENT, WireRole.PRIMARY, 1000, 0);
        // a plain agent is told the listener requires TLS
        ProtocolClient plain = new ProtocolClient(sharedKeyCodec(), null, Duration.ofSeconds(3), Duration.ofSeconds(10)).bindingTo(AGENT);
        assertThrows(SecurityMismatchException.class, () -> plain.exchange(server("127.0.0.1"), heartbeat));

        // another CA, another host name: the agent refuses the server, both sides say why
        long serverLinesBefore = countInServerLog("TLS handshake with 127.95.1.10");
        SSLHandshakeException otherCa = assertThrows(SSLHandshakeException.class,
                () -> agentClient("other-ca.p12").exchange(server("127.0.0.1"), heartbeat));
        assertTrue(otherCa.getMessage().contains("its certificate is not trusted"), otherCa.getMessage());
        SSLHandshakeException wrongName = assertThrows(SSLHandshakeException.class,
                () -> agentClient("ca-trust.p12").exchange(server("reveille.example.org"), heartbeat));
        assertTrue(wrongName.getMessage().contains("does not name reveille.example.org"), wrongName.getMessage());
        Instant deadline = Instant.now().plusSeconds(10);
        while (countInServerLog("TLS handshake with 127.95.1.10") - serverLinesBefore < 2 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertTrue(countInServerLog("TLS handshake with 127.95.1.10") - serverLinesBefore >= 2, "the server logged both refused handshakes");

        // the right CA and name: registration, then a wake job handed to the agent's TLS listener
        ProtocolClient agent = agentClient("ca-trust.p12");
        Registration registration = new Registration("PC-TLS-A", List.of(AGENT), MASK, MacAddress.parse("02:95:01:00:00:0a"),
                ItPorts.AGENT, WireRole.MEMBER, WireRole.PRIMARY, FrameCodec.VERSION, true);
        assertEquals(WireRole.PRIMARY, assertInstanceOf(RoleChange.class, agent.exchange(server("127.0.0.1"), registration)).role());
        assertInstanceOf(Ack.class, agent.exchange(server("localhost"), heartbeat), "the certificate's DNS name works as well");
        Reply inventory = put("/api/inventory/machines", "{\"machines\":[{\"resourceId\":\"encrypted-it-1\",\"name\":\"PC-TLS-1\","
                + "\"chassis\":\"workstation\",\"nics\":[{\"mac\":\"" + TARGET + "\",\"ip\":\"127.95.1.21\",\"subnet\":\"127.95.1.0/24\"}]}]}", INVENTORY);
        assertEquals(200, inventory.status(), inventory.body());
        Reply boundary = post("/api/boundaries", "{\"subnet\":\"127.95.1.0/24\",\"source\":\"encrypted-it\"}", ADMIN);
        assertEquals(201, boundary.status(), boundary.body());
        Reply wake = post("/api/wake", "{\"names\":[\"PC-TLS-1\"]}", OPERATOR);
        assertEquals(202, wake.status(), wake.body());
        long job = wake.json().getJsonNumber("jobId").longValue();
        JsonObject done = awaitResource("/api/jobs/" + job, Duration.ofSeconds(30),
                j -> j.getJsonObject("counts").getJsonNumber("sent").longValue() == 1);
        assertEquals(AGENT.toString(), done.getJsonArray("targets").getJsonObject(0).getString("sentBy"), done.toString());
        assertTrue(received.stream().flatMap(b -> b.targets().stream()).anyMatch(t -> t.mac().equals(TARGET)),
                "the WAKE BATCH came to the agent's TLS listener: " + received);
    }
}
