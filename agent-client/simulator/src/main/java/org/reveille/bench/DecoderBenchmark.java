package org.reveille.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.WireRole;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.Heartbeat;
import org.reveille.protocol.Message;
import org.reveille.protocol.PrimaryProbe;
import org.reveille.protocol.ProtocolException;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.StatusRequest;
import org.reveille.protocol.TargetResult;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.WakeResult;
import org.reveille.protocol.BatchTarget;

/**
 * Frames decoded per second on one thread, plain and signed (HMAC-SHA256 + replay check), over a mix of
 * message types. {@code java -cp agent-client/simulator/target/reveille-simulator.jar org.reveille.bench.DecoderBenchmark [frames]}
 */
public final class DecoderBenchmark {

    private static final byte[] KEY = "benchmark-shared-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private DecoderBenchmark() {
    }

    public static void main(String[] args) throws ProtocolException {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        List<Message> mix = mix();
        for (boolean signed : new boolean[] {false, true}) {
            double best = 0;
            for (int round = 0; round < 4; round++) {
                FrameCodec sender = new FrameCodec(signed ? SecurityContext.withKey(KEY) : SecurityContext.plain());
                byte[][] encoded = new byte[frames][];
                for (int i = 0; i < frames; i++) {
                    encoded[i] = sender.encode(mix.get(i % mix.size()));
                }
                // A fresh receiver per round, remembering every nonce of the round, as a real one would.
                FrameCodec receiver = new FrameCodec(signed ? SecurityContext.withKey(KEY, Clock.systemUTC(),
                        Duration.ofMinutes(10), frames) : SecurityContext.plain());
                long bytes = 0;
                long start = System.nanoTime();
                for (byte[] frame : encoded) {
                    bytes += receiver.decode(frame).version();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (bytes != frames) {
                    throw new IllegalStateException("decoded " + bytes + " of " + frames);
                }
                best = Math.max(best, frames / seconds);
                System.out.printf("%s round %d: %d frames in %.3f s = %.0f frames/s%n", signed ? "signed" : "plain",
                        round + 1, frames, seconds, frames / seconds);
            }
            System.out.printf("%s best: %.0f frames/s%n", signed ? "signed" : "plain", best);
        }
    }

    private static List<Message> mix() {
        Ipv4Address agent = Ipv4Address.parse("127.20.5.10");
        List<BatchTarget> targets = new ArrayList<>();
        List<TargetResult> results = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            MacAddress mac = MacAddress.fromLong(0x0200_7f14_0500L + i);
            targets.add(BatchTarget.of(mac));
            results.add(TargetResult.sent(mac, 1));
        }
        return List.of(new WakeBatch("job-1", 0, 0, targets), new Heartbeat("PC-127-20-5-10", agent, WireRole.PRIMARY,
                1000, 10), new WakeResult("job-1", "PC-127-20-5-10", results), new StatusRequest(),
                new PrimaryProbe(Cidr.parse("127.20.5.0/24"), agent, "PC-127-20-5-10"));
    }
}
