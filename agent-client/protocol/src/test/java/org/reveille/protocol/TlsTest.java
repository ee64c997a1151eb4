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

    @Test
    void unreadableKeyStoreIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> TlsSettings.fromPkcs12(dir.resolve("agent.p12"),
                "wrong".toCharArray(), null, null, false));
        assertTrue(e.getMessage().contains("agent.p12"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("agent.p12")));
    }
}
