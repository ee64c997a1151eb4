package org.reveille.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.reveille.net.Ipv4Address;
import org.reveille.net.Ipv6Prefix;
import org.reveille.net.MacAddress;
import org.reveille.protocol.BatchTarget;
import org.reveille.protocol.TargetResult;
import org.reveille.protocol.WakeBatch;
import org.reveille.wol.MagicPacket;

/**
 * What the executor does with a given IPv6 link (docs/protocol.md, "Version 4"): it sends every target there, and says
 * so ({@code linkSent}) only when the batch asked. The IPv4 packets go to 127.34.1.255 (loopback), port 9.
 */
class WakeExecutorLinkTest {

    private static final MacAddress TARGET = MacAddress.parse("02:00:7f:22:01:14");

    /** A link that keeps what it was given, or refuses every packet. */
    private static final class RecordingLink implements Ipv6Link {
        final List<MagicPacket> packets = new CopyOnWriteArrayList<>();
        volatile boolean refuse;
        volatile boolean closed;

        @Override
        public String name() {
            return "test-link";
        }

        @Override
        public List<Ipv6Prefix> prefixes() {
            return List.of(Ipv6Prefix.parse("fd7f:22:1::/64"));
        }

        @Override
        public int send(MagicPacket packet, int port, int repeat) throws IOException {
            if (refuse) {
                throw new IOException("no route");
            }
            for (int i = 0; i < repeat; i++) {
                packets.add(packet);
            }
            return repeat;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static WakeExecutor executor(RecordingLink link, boolean ipv6) throws IOException {
        AgentConfig config = AgentConfig.builder("PC-LINK", Ipv4Address.parse("127.34.1.10"), Ipv4Address.parse("255.255.255.0"),
                MacAddress.parse("02:00:7f:22:01:0a")).ipv6Link(link).ipv6(ipv6).build();
        WakeExecutor executor = new WakeExecutor(config, Clock.systemUTC());
        executor.open();
        return executor;
    }

    private static WakeBatch batch(String job, boolean link) {
        return new WakeBatch(job, 9, 2, List.of(BatchTarget.of(TARGET)), List.of(), link);
    }

    @Test
    void theLinkIsReportedOnlyWhenTheBatchAsks() throws IOException {
        RecordingLink link = new RecordingLink();
        try (WakeExecutor executor = executor(link, true)) {
            assertSame(link, executor.link());
            TargetResult asked = executor.execute(batch("job-asked", true)).get(0);
            assertEquals(TargetResult.Outcome.SENT, asked.outcome());
            assertTrue(asked.linkSent());
            assertEquals(4, asked.datagrams(), "2 to the subnet, 2 to the link");
            assertEquals(2, link.packets.size());
            assertEquals(TARGET, link.packets.get(0).target());

            TargetResult notAsked = executor.execute(batch("job-not-asked", false)).get(0);
            assertFalse(notAsked.linkSent(), "an older server reads no link");
            assertEquals(4, notAsked.datagrams());
            assertEquals(4, link.packets.size(), "sent to the link anyway");

            link.refuse = true;
            TargetResult refused = executor.execute(batch("job-refused", true)).get(0);
            assertEquals(TargetResult.Outcome.SENT, refused.outcome(), "the subnet took the packets");
            assertFalse(refused.linkSent());
            assertEquals(2, refused.datagrams());
        }
        assertTrue(link.closed, "the agent closes its link");
    }

    @Test
    void withIpv6OffTheGivenLinkIsNotUsed() throws IOException {
        RecordingLink link = new RecordingLink();
        try (WakeExecutor executor = executor(link, false)) {
            assertNull(executor.link());
            TargetResult result = executor.execute(batch("job-off", true)).get(0);
            assertFalse(result.linkSent());
            assertEquals(2, result.datagrams());
            assertEquals(List.of(), link.packets);
        }
        assertTrue(link.closed, "but closed: it was the agent's");
    }
}
