package org.reveille.domain.model.wake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

/** The paths a target's packets took, as recorded with its hand-over and rewritten by its agent's report. */
class WakePathsTest {

    private static final Cidr SUBNET = Cidr.parse("127.40.1.0/24");
    private static final List<Ipv4Address> PAIRED = List.of(Ipv4Address.parse("127.40.2.255"), Ipv4Address.parse("127.40.3.127"));

    @Test
    void aHandOverTakesTheSubnetAndEveryPairedBroadcastTheAgentReads() {
        WakePaths paths = WakePaths.handedOver(SUBNET, PAIRED, 3, 3);
        assertEquals("subnet 127.40.1.255; paired 127.40.2.255; paired 127.40.3.127", paths.text());
        assertEquals(PAIRED, paths.pairedSentToAgent());
        assertTrue(paths.paths().stream().allMatch(WakePaths.Path::sent));
        assertEquals("subnet 127.40.1.255", WakePaths.handedOver(SUBNET, List.of(), 1, 3).text(), "no pairs: the own subnet only");
    }

    @Test
    void anOlderAgentIsNotGivenThePairsAndThePathsSayWhy() {
        WakePaths paths = WakePaths.handedOver(SUBNET, PAIRED, 2, 3);
        assertEquals(List.of(), paths.pairedSentToAgent());
        WakePaths.Path first = paths.paths().get(1);
        assertFalse(first.sent());
        assertEquals("the agent speaks protocol 2, paired subnets need 3", first.notSent());
        assertEquals(paths, paths.reported(0), "nothing was handed to it, so its report changes nothing");
    }

    @Test
    void theAgentsReportMarksThePairedBroadcastsThatDidNotTakeThePackets() {
        WakePaths paths = WakePaths.handedOver(SUBNET, PAIRED, 3, 3);
        assertEquals(paths, paths.reported(0b11));
        WakePaths second = paths.reported(0b01);
        assertTrue(second.paths().get(1).sent());
        assertEquals("the agent could not send to it", second.paths().get(2).notSent());
        WakePaths none = paths.reported(0);
        assertEquals(1, none.paths().stream().filter(WakePaths.Path::sent).count(), "only the own subnet's broadcast");
    }

    @Test
    void theStoredTextReadsBackAsTheSamePaths() {
        for (WakePaths paths : List.of(WakePaths.handedOver(SUBNET, PAIRED, 3, 3), WakePaths.handedOver(SUBNET, PAIRED, 1, 3),
                WakePaths.handedOver(SUBNET, PAIRED, 3, 3).reported(0b10))) {
            assertEquals(paths, WakePaths.parse(paths.text()));
        }
        assertNull(WakePaths.parse(null), "never handed over");
        // the longest: 8 pairs, none sent, each with its note, fits the column
        List<Ipv4Address> eight = IntStream.range(0, 8).mapToObj(i -> Ipv4Address.parse("255.255.25" + (i % 6) + ".25" + i % 5)).distinct().toList();
        String longest = WakePaths.handedOver(Cidr.parse("255.255.255.0/24"), eight, 255, 256).text();
        assertTrue(longest.length() <= WakePaths.MAX_TEXT, longest.length() + " characters");
        assertEquals(longest, WakePaths.parse(longest).text());
    }

    @Test
    void theServersOwnPathsSayWhichAddressRefusedThePacketsAndReadBack() {
        WakePaths direct = WakePaths.direct(SUBNET, PAIRED, java.util.Map.of(PAIRED.get(1), "Network is unreachable (errno; 101)"));
        assertEquals("server 127.40.1.255; server-paired 127.40.2.255; server-paired 127.40.3.127 (not sent: Network is unreachable [errno, 101])",
                direct.text());
        assertTrue(direct.anySent());
        assertEquals(List.of(), direct.pairedSentToAgent(), "the server's paths are not the agent's");
        assertEquals(direct, WakePaths.parse(direct.text()));
        WakePaths both = WakePaths.handedOver(SUBNET, PAIRED, 3, 3).plus(direct);
        assertEquals(PAIRED, both.pairedSentToAgent(), "an agent's result bits still count its own pairs only");
        assertEquals(both, WakePaths.parse(both.text()));
        assertFalse(WakePaths.direct(SUBNET, List.of(), java.util.Map.of(SUBNET.broadcastAddress(), "x")).anySent());

        // the longest: an agent's 9 paths and the server's 9, none sent, each with its note, fits the column
        List<Ipv4Address> eight = IntStream.range(0, 8).mapToObj(i -> Ipv4Address.parse("255.255.25" + (i % 6) + ".25" + i % 5)).distinct().toList();
        Cidr subnet = Cidr.parse("255.255.255.0/24");
        java.util.Map<Ipv4Address, String> all = new java.util.HashMap<>();
        eight.forEach(b -> all.put(b, "x".repeat(200)));
        all.put(subnet.broadcastAddress(), "y".repeat(200));
        String longest = WakePaths.handedOver(subnet, eight, 255, 256).plus(WakePaths.direct(subnet, eight, all)).text();
        assertTrue(longest.length() <= WakePaths.MAX_TEXT, longest.length() + " characters");
    }

    @Test
    void badTextAndNotesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> WakePaths.parse("subnet"));
        assertThrows(IllegalArgumentException.class, () -> WakePaths.parse("router 127.40.1.255"));
        assertThrows(IllegalArgumentException.class, () -> WakePaths.parse("paired 127.40.2.255 (not sent: open"));
        assertThrows(IllegalArgumentException.class, () -> new WakePaths(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new WakePaths.Path(WakePaths.Kind.PAIRED, Ipv4Address.parse("127.40.2.255"), "a; b"));
    }

    /** docs/network.md, "IPv6": a subnet whose link has IPv6 asks its agent for ff02::1 too, when the agent reads it. */
    @Test
    void anIpv6LinkIsAPathOfItsOwnAskedOnlyOfAnAgentThatReadsIt() {
        WakePaths paths = WakePaths.handedOver(SUBNET, PAIRED, 4, 3, true, 4);
        assertEquals("subnet 127.40.1.255; paired 127.40.2.255; paired 127.40.3.127; link ff02::1", paths.text());
        assertTrue(paths.linkAskedOfAgent());
        assertEquals(paths, WakePaths.parse(paths.text()), "the stored text reads back");
        WakePaths older = WakePaths.handedOver(SUBNET, List.of(), 3, 3, true, 4);
        assertFalse(older.linkAskedOfAgent());
        assertEquals("subnet 127.40.1.255; link ff02::1 (not sent: the agent speaks protocol 3, IPv6 links need 4)", older.text());
        assertFalse(WakePaths.handedOver(SUBNET, List.of(), 4, 3, false, 4).linkAskedOfAgent(), "no IPv6 on the link: not asked");
        // the agent reports: pairs and link each took the packets or not
        assertEquals("subnet 127.40.1.255; paired 127.40.2.255; paired 127.40.3.127 (not sent: the agent could not send to it);"
                + " link ff02::1 (not sent: the agent has no IPv6 link it could send on)", paths.reported(0b01, false).text());
        assertEquals(paths, paths.reported(0b11, true));
        // a link path goes to an IPv6 address, the others to IPv4 ones
        assertThrows(IllegalArgumentException.class, () -> new WakePaths.Path(WakePaths.Kind.LINK, Ipv4Address.parse("127.40.1.255"), null));
        assertThrows(IllegalArgumentException.class, () -> new WakePaths.Path(WakePaths.Kind.SUBNET, org.reveille.net.Ipv6Address.ALL_NODES, null));
    }
}
