package org.reveille.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.reveille.agent.RunningAgent;
import org.reveille.agent.AgentConfig;
import org.reveille.agent.AgentPlatform;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.Ack;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.FrameServer;
import org.reveille.protocol.MessageType;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.ProtocolConnection;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.BatchTarget;
import org.reveille.sim.MagicPacketRecorder;

/**
 * End to end through one real agent: signed WAKE BATCHes of 2,048 targets over TCP, magic packets broadcast to
 * the subnet's segment listener on 127.60.1.255, WAKE RESULTs back to a stand-in server listener. Reports the
 * packets per second the segment observed.
 * {@code java -cp agent-client/simulator/target/reveille-simulator.jar org.reveille.bench.AgentWakeBenchmark [batches]}
 */
public final class AgentWakeBenchmark {

    private AgentWakeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Logger.getLogger("org.reveille").setLevel(Level.WARNING);
        byte[] key = "benchmark-shared-key-0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (AgentPlatform platform = AgentPlatform.create("bench", 4, 2);
                MagicPacketRecorder segment = MagicPacketRecorder.open(Ipv4Address.parse("127.60.1.255"), 0,
                        platform.listeners().selector());
                FrameServer server = FrameServer.start(new InetSocketAddress("127.0.0.1", 0),
                        new FrameCodec(SecurityContext.withKey(key)), null, EnumSet.of(MessageType.Channel.AGENT_TO_SERVER),
                        (frame, peer) -> Ack.of("ok"), platform.listeners())) {
            Ipv4Address address = Ipv4Address.parse("127.60.1.10");
            RunningAgent agent = RunningAgent.start(AgentConfig.builder("PC-BENCH", address, Ipv4Address.parse("255.255.255.0"),
                    MacAddress.parse("02:00:7f:3c:01:0a")).listenPort(0).probePort(25790)
                    .server("127.0.0.1", server.localAddress().getPort()).wolPort(segment.port())
                    .security(SecurityContext.withKey(key)).build(), platform);
            List<BatchTarget> targets = new ArrayList<>();
            for (int i = 0; i < WakeBatch.MAX_TARGETS; i++) {
                targets.add(BatchTarget.of(MacAddress.fromLong(0x0200_7f3d_0000L + i + 1)));
            }
            ProtocolClient client = new ProtocolClient(new FrameCodec(SecurityContext.withKey(key)), null,
                    Duration.ofSeconds(2), Duration.ofSeconds(30));
            try (ProtocolConnection connection = client.connect(agent.listenAddress())) {
                for (int i = 0; i < 20; i++) {
                    connection.request(new WakeBatch("warm-up-" + i, 0, 0, targets));
                }
                Thread.sleep(300);
                long before = segment.packets();
                long start = System.nanoTime();
                for (int i = 0; i < batches; i++) {
                    connection.request(new WakeBatch("job-" + i, 0, 0, targets));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Thread.sleep(500);
                long seen = segment.packets() - before;
                long sent = (long) batches * targets.size();
                System.out.printf("agent executed %d signed batches of %d targets: %d packets in %.3f s = %.0f packets/s;"
                        + " segment saw %d (%.2f%%)%n", batches, targets.size(), sent, seconds, sent / seconds, seen,
                        100.0 * seen / sent);
            } finally {
                agent.close();
            }
        }
    }
}
