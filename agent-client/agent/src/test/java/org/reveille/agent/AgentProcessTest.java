package org.reveille.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reveille.protocol.Ack;
import org.reveille.protocol.WireRole;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.GoingDown;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.RegisterRequest;
import org.reveille.protocol.Registration;
import org.reveille.protocol.SecurityContext;
import org.reveille.testing.StandInServer;

/** The agent as a separate process, the way it is deployed: started, asked to register, stopped with SIGTERM. */
class AgentProcessTest {

    @TempDir
    Path stateDir;

    @Test
    void runsRegistersAndSaysGoingDownOnSigterm() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.37.3.10"))) {
            port = free.getLocalPort();
        }
        Path key = Files.writeString(stateDir.resolve("agent.key"), "process-test-shared-key-0123456789\n");
        try (StandInServer server = new StandInServer(SecurityContext.fromKeyFile(key))) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            long started = System.nanoTime();
            Process agent = new ProcessBuilder(java, "-Xmx16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), AgentMain.class.getName(), "--server",
                    "127.0.0.1:" + server.port(), "--listen", "127.37.3.10:" + port, "--name", "PC-PROCESS",
                    "--key-file", key.toString(), "--state-dir", stateDir.toString(), "--probe-port", "41777")
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = out.readLine()) != null && !line.contains("Agent ready")) {
                    seen.append(line).append('\n');
                }
                long readyMillis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(line != null, "agent never became ready:\n" + seen);
                System.out.println("AgentProcessTest: agent process ready in " + readyMillis + " ms");

                ProtocolClient serverSide = new ProtocolClient(new FrameCodec(SecurityContext.fromKeyFile(key)), null,
                        Duration.ofSeconds(2), Duration.ofSeconds(5));
                assertInstanceOf(Ack.class, serverSide.exchange(new InetSocketAddress("127.37.3.10", port),
                        new RegisterRequest("", 0)));
                Registration registration = server.await(Registration.class, Duration.ofSeconds(5));
                assertEquals("PC-PROCESS", registration.machineName());
                assertTrue(registration.secure());
                long deadline = System.currentTimeMillis() + 5000;
                while (!Files.exists(stateDir.resolve("role")) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals("PRIMARY", Files.readString(stateDir.resolve("role")).strip());

                agent.destroy(); // SIGTERM: the shutdown hook says GOING DOWN
                GoingDown goingDown = server.await(GoingDown.class, Duration.ofSeconds(5));
                assertEquals(WireRole.PRIMARY, goingDown.role());
                assertTrue(agent.waitFor(10, TimeUnit.SECONDS), "the agent process ends after SIGTERM");
            } finally {
                agent.destroyForcibly();
            }
        }
    }
}
