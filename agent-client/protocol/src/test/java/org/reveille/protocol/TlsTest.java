package org.reveille.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reveille.testing.LogCapture;

/**
 * TLS on the agent port with PKCS12 stores made by the JDK's keytool: mutual authentication, and the mismatch of
 * a TLS side with a plain side, refused and logged on both. Listeners bind 127.0.0.1 on a free port.
 */
class TlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private ListenerRuntime runtime;
    private final AtomicInteger executed = new AtomicInteger();

    @BeforeAll
    static void makeStores() throws Exception {
        for (String side : List.of("server", "agent")) {
            keytool("-genkeypair", "-alias", side, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=reveille-" + side,
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", side + ".p12", "-storepass", "changeit");
            keytool("-exportcert", "-alias", side, "-keystore", side + ".p12", "-storepass", "changeit", "-file",
                    side + ".cer");
        }
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", "server.cer", "-storetype", "PKCS12",
                "-keystore", "agent-trust.p12", "-storepass", "changeit");
        keytool("-importcert", "-noprompt", "-alias", "agent", "-file", "agent.cer", "-storetype", "PKCS12",
                "-keystore", "server-trust.p12", "-storepass", "changeit");
        // a site CA, and server certificates it signed: a good one, one for another name, an expired one; and one of
        // another CA (self-signed)
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=reveille-test-ca",
                "-ext", "bc:c", "-validity", "30", "-storetype", "PKCS12", "-keystore", "ca.p12", "-storepass", "changeit");
        keytool("-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", "changeit", "-file", "ca.cer");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.cer", "-storetype", "PKCS12",
                "-keystore", "ca-trust.p12", "-storepass", "changeit");
        signedByCa("good", "san=ip:127.0.0.1,dns:localhost", null);
        signedByCa("wrong-name", "san=dns:wrong.example.org", null);
        signedByCa("expired", "san=ip:127.0.0.1,dns:localhost", "-3d");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=other-ca-server",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", "other-ca.p12", "-storepass", "changeit");
    }

    /** A server key store {@code name}.p12 whose certificate the test CA signed, with these extensions, from {@code start}. */
    private static void signedByCa(String name, String ext, String start) throws Exception {
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=reveille-" + name,
                "-storetype", "PKCS12", "-keystore", name + ".p12", "-storepass", "changeit");
        keytool("-certreq", "-alias", "server", "-keystore", name + ".p12", "-storepass", "changeit", "-file", name + ".csr");
        List<String> gencert = new java.util.ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass",
                "changeit", "-infile", name + ".csr", "-outfile", name + ".cer", "-ext", ext, "-validity", "1"));
        if (start != null) {
            gencert.addAll(List.of("-startdate", start));
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.cer", "-keystore", name + ".p12", "-storepass", "changeit");
        keytool("-importcert", "-alias", "server", "-file", name + ".cer", "-keystore", name + ".p12", "-storepass", "changeit");
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool " + args[0] + ": " + out);
    }

    @BeforeEach
    void runtime() throws IOException {
        runtime = ListenerRuntime.create("tls-test", 4, Duration.ofSeconds(5), null);
    }

    @AfterEach
    void close() throws IOException {
        runtime.close();
    }

    private FrameServer agentListener(TlsSettings tls) throws IOException {
        return FrameServer.start(new InetSocketAddress("127.0.0.1", 0), new FrameCodec(SecurityContext.plain()), tls,
                EnumSet.of(MessageType.Channel.SERVER_TO_AGENT), (frame, peer) -> {
                    executed.incrementAndGet();
                    return Ack.of("executed over " + (frame.signed() ? "signed" : "unsigned") + " frame");
                }, runtime);
    }

    private static TlsSettings agentTls(boolean requireClientAuth) throws IOException {
        return TlsSettings.fromPkcs12(dir.resolve("agent.p12"), PASSWORD, dir.resolve("agent-trust.p12"), PASSWORD,
                requireClientAuth);
    }

    private static ProtocolClient serverClient(TlsSettings tls) {
        return new ProtocolClient(new FrameCodec(SecurityContext.plain()), tls, Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    }

    @Test
    void mutualTlsCarriesCommands() throws Exception {
        try (FrameServer listener = agentListener(agentTls(true))) {
            TlsSettings server = TlsSettings.fromPkcs12(dir.resolve("server.p12"), PASSWORD,
                    dir.resolve("server-trust.p12"), PASSWORD, false);
            Message reply = serverClient(server).exchange(listener.localAddress(), new StatusRequest());
            assertInstanceOf(Ack.class, reply);
            assertEquals(1, executed.get());
        }
    }

    @Test
    void aClientWithoutCertificateIsRefusedWhenMutualTlsIsRequired() throws Exception {
        try (FrameServer listener = agentListener(agentTls(true));
                LogCapture logs = new LogCapture()) {
            TlsSettings anonymous = TlsSettings.fromPkcs12(null, null, dir.resolve("server-trust.p12"), PASSWORD, false);
            TlsSettings trustsAgent = TlsSettings.fromPkcs12(null, null, dir.resolve("agent.p12"), PASSWORD, false);
            assertThrows(IOException.class, () -> serverClient(trustsAgent).exchange(listener.localAddress(),
                    new StatusRequest()));
            assertThrows(IOException.class, () -> serverClient(anonymous).exchange(listener.localAddress(),
                    new StatusRequest()));
            assertEquals(0, executed.get(), "nothing executed");
            assertTrue(logs.awaitLines("TLS handshake with 127.0.0.1:", 2000).size() >= 1,
                    "the listener logged the refused handshake");
        }
    }

    @Test
    void aPlainClientIsToldTheListenerRequiresTls() throws Exception {
        try (FrameServer listener = agentListener(agentTls(false));
                LogCapture logs = new LogCapture()) {
            SecurityMismatchException e = assertThrows(SecurityMismatchException.class,
                    () -> serverClient(null).exchange(listener.localAddress(), new StatusRequest()));
            assertEquals(SecurityMismatch.PEER_REQUIRES_TLS, e.mismatch());
            assertEquals(1, logs.awaitLines("this side requires TLS but the peer does not use it", 2000).size());
            assertEquals(1, logs.awaitLines("the peer requires TLS but this side does not use it", 2000).size());
            assertEquals(0, executed.get(), "nothing executed");
        }
    }

    @Test
    void aTlsClientMeetingAPlainListenerSaysSoOnBothSides() throws Exception {
        try (FrameServer listener = agentListener(null);
                LogCapture logs = new LogCapture()) {
            TlsSettings server = TlsSettings.fromPkcs12(dir.resolve("server.p12"), PASSWORD,
                    dir.resolve("server-trust.p12"), PASSWORD, false);
            SecurityMismatchException e = assertThrows(SecurityMismatchException.class,
                    () -> serverClient(server).exchange(listener.localAddress(), new StatusRequest()));
            assertEquals(SecurityMismatch.THIS_SIDE_REQUIRES_TLS, e.mismatch());
            assertEquals(1, logs.awaitLines("the peer requires TLS but this side does not use it", 2000).size());
            assertEquals(1, logs.awaitLines("this side requires TLS but the peer does not use it", 2000).size());
            assertEquals(0, executed.get(), "nothing executed");
        }
    }

    /** A server's listener presenting {@code keyStore}.p12 (no client certificates asked for). */
    private FrameServer serverListener(String keyStore) throws IOException {
        return FrameServer.start(new InetSocketAddress("127.0.0.1", 0), new FrameCodec(SecurityContext.plain()),
                TlsSettings.fromPkcs12(dir.resolve(keyStore + ".p12"), PASSWORD, null, null, false),
                EnumSet.of(MessageType.Channel.AGENT_TO_SERVER), (frame, peer) -> {
                    executed.incrementAndGet();
                    return Ack.of("executed");
                }, runtime);
    }

    /** An agent that trusts the site CA and checks the server's host name. */
    private static ProtocolClient agentClient() throws IOException {
        return new ProtocolClient(new FrameCodec(SecurityContext.plain()),
                TlsSettings.fromPkcs12(null, null, dir.resolve("ca-trust.p12"), PASSWORD, false).verifyingHostName(),
                Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private static Heartbeat heartbeat() {
        return new Heartbeat("PC-TLS", org.reveille.net.Ipv4Address.parse("127.0.0.1"), WireRole.PRIMARY, 1, 0);
    }

    @Test
    void anAgentAcceptsOnlyAServerCertificateOfItsCaForTheHostItAsked() throws Exception {
        try (FrameServer good = serverListener("good")) {
            assertInstanceOf(Ack.class, agentClient().exchange(good.localAddress(), heartbeat()));
        }
        assertEquals(1, executed.getAndSet(0));
        String[][] refusals = {{"wrong-name", "its certificate does not name 127.0.0.1"}, {"expired", "its certificate has expired"},
                {"other-ca", "its certificate is not trusted"}};
        for (String[] refusal : refusals) {
            try (FrameServer listener = serverListener(refusal[0]);
                    LogCapture logs = new LogCapture()) {
                IOException e = assertThrows(IOException.class, () -> agentClient().exchange(listener.localAddress(), heartbeat()),
                        refusal[0]);
                assertTrue(e.getMessage().contains(refusal[1]), refusal[0] + ": " + e.getMessage());
                assertEquals(1, logs.awaitLines("TLS handshake with 127.0.0.1:" + listener.localAddress().getPort() + " refused: "
                        + refusal[1], 2000).size(), "the agent's line");
                assertEquals(1, logs.awaitLines("failed; nothing executed", 2000).stream().filter(l -> l.contains("TLS handshake with 127.0.0.1:"))
                        .count(), "and the listener's line");
                assertEquals(0, executed.get(), refusal[0] + ": nothing executed");
            }
        }
        // the name check is what refuses the wrong name: without it the CA's signature is enough
        try (FrameServer wrongName = serverListener("wrong-name")) {
            ProtocolClient noNameCheck = new ProtocolClient(new FrameCodec(SecurityContext.plain()),
                    TlsSettings.fromPkcs12(null, null, dir.resolve("ca-trust.p12"), PASSWORD, false), Duration.ofSeconds(2), Duration.ofSeconds(5));
            assertInstanceOf(Ack.class, noNameCheck.exchange(wrongName.localAddress(), heartbeat()));
        }
    }

    @Test
    void unreadableKeyStoreIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> TlsSettings.fromPkcs12(dir.resolve("agent.p12"),
                "wrong".toCharArray(), null, null, false));
        assertTrue(e.getMessage().contains("agent.p12"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("agent.p12")));
    }
}
