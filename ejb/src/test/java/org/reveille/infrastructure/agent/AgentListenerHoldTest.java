package org.reveille.infrastructure.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reveille.protocol.Ack;
import org.reveille.protocol.HoldPolicy;
import org.reveille.protocol.ListenerLimits;

/** The agent listener's held-connection pool (docs/protocol.md, "Held connections"): defaults and properties. */
class AgentListenerHoldTest {

    @AfterEach
    void clear() {
        System.clearProperty("reveille.agent-listener.hold-timeout-seconds");
        System.clearProperty("reveille.agent-listener.max-held-connections");
    }

    @Test
    void theHoldOutlastsTheDefaultHeartbeatAndThePoolFollowsTheOpenFilesLimit() {
        HoldPolicy hold = AgentListener.holdPolicy(ListenerLimits.defaults(), 20_000);
        assertEquals(Duration.ofSeconds(150), hold.holdTimeout());
        assertTrue(hold.holdTimeout().compareTo(Duration.ofSeconds(60)) > 0, "longer than the agents' 60 s heartbeat");
        assertEquals(20_000 - 2_048 - AgentListener.FILE_HEADROOM, hold.maxHeld());
        assertEquals(AgentListener.DEFAULT_MAX_HELD, AgentListener.holdPolicy(ListenerLimits.defaults(), -1).maxHeld());
    }

    @Test
    void propertiesOverrideTheDefaults() {
        System.setProperty("reveille.agent-listener.hold-timeout-seconds", "300");
        System.setProperty("reveille.agent-listener.max-held-connections", "50000");
        HoldPolicy hold = AgentListener.holdPolicy(ListenerLimits.defaults(), 20_000);
        assertEquals(Duration.ofSeconds(300), hold.holdTimeout());
        assertEquals(50_000, hold.maxHeld());
    }

    @Test
    void onlyAnAcknowledgedHeartbeatOfARegisteredAgentIsHeld() {
        HoldPolicy hold = AgentListener.holdPolicy(ListenerLimits.defaults(), 20_000);
        org.reveille.protocol.Heartbeat beat = new org.reveille.protocol.Heartbeat("PC", org.reveille.net.Ipv4Address.parse("127.0.0.5"),
                org.reveille.protocol.WireRole.PRIMARY, 1, 0);
        assertTrue(hold.holdAfter().test(beat, new Ack(1, 0, "")));
        assertTrue(!hold.holdAfter().test(beat, new Ack(1, 0, "not registered")));
        assertTrue(!hold.holdAfter().test(new org.reveille.protocol.Unregister("x"), new Ack(1, 0, "")));
    }

    @Test
    void theOpenFilesLimitIsThisProcesssOwn() throws Exception {
        String line = Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow();
        long soft = Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
        assertEquals(soft, AgentListener.openFilesLimit());
    }
}
