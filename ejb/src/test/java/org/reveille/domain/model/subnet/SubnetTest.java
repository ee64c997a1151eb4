package org.reveille.domain.model.subnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.reveille.net.Cidr;

class SubnetTest {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    @Test
    void newSubnetKeepsItsNetwork() {
        Subnet s = new Subnet(Cidr.parse("127.20.5.0/24"), T0);
        assertEquals(Cidr.parse("127.20.5.0/24"), s.cidr());
        assertEquals(SubnetState.NEW, s.state());
    }

    @Test
    void staleOnlyAfterTheQuietPeriod() {
        Subnet s = new Subnet(Cidr.parse("127.20.5.0/24"), T0);
        s.agentContact(T0);
        assertFalse(s.isStale(T0.plus(Duration.ofHours(3)), Duration.ofHours(3)), "exactly at the limit is not yet stale");
        assertTrue(s.isStale(T0.plus(Duration.ofHours(3)).plusSeconds(1), Duration.ofHours(3)));
        s.markStale(T0.plus(Duration.ofHours(4)));
        assertEquals(SubnetState.STALE, s.state());
        assertFalse(s.isStale(T0.plus(Duration.ofDays(1)), Duration.ofHours(3)), "only a healthy subnet becomes stale");
    }

    @Test
    void expiresThirtyDaysAfterBecomingUnreachable() {
        Subnet s = new Subnet(Cidr.parse("127.20.5.0/24"), T0);
        s.noAgentFound(T0);
        s.noAgentFound(T0.plus(Duration.ofDays(10)));
        assertEquals(T0, s.unreachableSince(), "unreachable since the first failed discovery");
        assertFalse(s.isExpired(T0.plus(Duration.ofDays(30)), Duration.ofDays(30)));
        assertTrue(s.isExpired(T0.plus(Duration.ofDays(30)).plusSeconds(1), Duration.ofDays(30)));
        s.agentContact(T0.plus(Duration.ofDays(31)));
        assertEquals(null, s.unreachableSince());
        assertFalse(s.isExpired(T0.plus(Duration.ofDays(90)), Duration.ofDays(30)));
    }
}
