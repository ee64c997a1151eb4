package org.reveille.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.Ipv6Address;
import org.reveille.net.Ipv6Prefix;

class FleetConfigTest {

    @Test
    void refusesSubnetsOutsideLoopback() {
        assertThrows(IllegalArgumentException.class,
                () -> FleetConfig.builder().firstSubnet(Ipv4Address.parse("10.20.0.0")).build());
        assertThrows(IllegalArgumentException.class,
                () -> FleetConfig.builder().firstSubnet(Ipv4Address.parse("127.255.255.0")).subnets(2).build());
        assertThrows(IllegalArgumentException.class,
                () -> FleetConfig.builder().firstSubnet(Ipv4Address.parse("127.20.0.5")).build());
        assertThrows(IllegalArgumentException.class, () -> MagicPacketRecorder.open(Ipv4Address.parse("192.168.1.255"),
                0, null));
    }

    @Test
    void refusesMoreHostsThanASlash24Holds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FleetConfig.builder().agentsPerSubnet(2).deadHostsPerSubnet(1).sleepingPerSubnet(243).build());
        assertTrue(e.getMessage().contains("at most 245"), e.getMessage());
        FleetConfig.builder().agentsPerSubnet(2).deadHostsPerSubnet(1).sleepingPerSubnet(242).build();
    }

    @Test
    void chassisFollowTheWeightsInterleaved() {
        Map<SimulatedChassis, Integer> weights = new EnumMap<>(Map.of(SimulatedChassis.WORKSTATION, 2, SimulatedChassis.LAPTOP, 1));
        ChassisCycle cycle = new ChassisCycle(weights);
        List<SimulatedChassis> six = List.of(cycle.next(), cycle.next(), cycle.next(), cycle.next(), cycle.next(), cycle.next());
        assertEquals(List.of(SimulatedChassis.WORKSTATION, SimulatedChassis.LAPTOP, SimulatedChassis.WORKSTATION, SimulatedChassis.WORKSTATION,
                SimulatedChassis.LAPTOP, SimulatedChassis.WORKSTATION), six);
    }

    @Test
    void machineIdentityDerivesFromItsAddress() {
        SimulatedMachine m = SimulatedMachine.of(Ipv4Address.parse("127.20.5.10"), Cidr.parse("127.20.5.0/24"),
                SimulatedChassis.LAPTOP, SimulatedMachine.Kind.SLEEPING);
        assertEquals("PC-127-20-5-10", m.name());
        assertEquals("R-127.20.5.10", m.resourceId());
        assertEquals("02:00:7f:14:05:0a", m.mac().toString());
        assertEquals("{\"machines\":[{\"resourceId\":\"R-127.20.5.10\",\"name\":\"PC-127-20-5-10\",\"chassis\":\"laptop\","
                + "\"nics\":[{\"mac\":\"02:00:7f:14:05:0a\",\"ip\":\"127.20.5.10\",\"subnet\":\"127.20.5.0/24\"}]}]}",
                InventoryJson.of(List.of(m)));
        assertEquals("\"a\\\"b\\\\c\\u000a\"", InventoryJson.string("a\"b\\c\n"));
    }

    @Test
    void withIpv6AMachineHasItsAddressOnItsSubnetsLink() {
        SimulatedMachine m = SimulatedMachine.of(Ipv4Address.parse("127.85.1.200"), Cidr.parse("127.85.1.0/24"),
                SimulatedChassis.LAPTOP, SimulatedMachine.Kind.SLEEPING, true);
        assertEquals(Ipv6Address.parse("fd7f:55:1::c8"), m.ipv6());
        assertEquals(Ipv6Prefix.parse("fd7f:55:1::/64"), SimulatedSubnet.ipv6PrefixOf(Cidr.parse("127.85.1.0/24")));
        assertEquals(Ipv6Prefix.parse("fd7f:ff:ff::/64"), SimulatedSubnet.ipv6PrefixOf(Cidr.parse("127.255.255.0/24")));
        assertEquals("{\"machines\":[{\"resourceId\":\"R-127.85.1.200\",\"name\":\"PC-127-85-1-200\",\"chassis\":\"laptop\","
                + "\"nics\":[{\"mac\":\"02:00:7f:55:01:c8\",\"ip\":\"127.85.1.200\",\"subnet\":\"127.85.1.0/24\","
                + "\"ipv6\":\"fd7f:55:1::c8\"}]}]}", InventoryJson.of(List.of(m)));
    }

    @Test
    void ipv6IsOffUnlessAsked() throws Exception {
        assertFalse(FleetConfig.builder().build().ipv6());
        assertFalse(FleetSimulatorMain.config(FleetSimulatorMain.options(new String[] {"--subnets", "2"})).ipv6());
        assertTrue(FleetSimulatorMain.config(FleetSimulatorMain.options(new String[] {"--ipv6", "--subnets", "2"})).ipv6());
    }

    @Test
    void theIpv6LinksStayOnLoopback() {
        assertThrows(IllegalArgumentException.class, () -> MagicPacketRecorder.open(Ipv6Address.parse("fd7f:55:1::ff"), 0, null));
        assertThrows(IllegalArgumentException.class, () -> MagicPacketRecorder.open(Ipv6Address.ALL_NODES, 0, null));
        Ipv6Prefix prefix = Ipv6Prefix.parse("fd7f:55:1::/64");
        for (String elsewhere : List.of("ff02::1", "fd7f:55:1::a", "127.0.0.1", "2001:db8::1")) {
            assertThrows(IllegalArgumentException.class, () -> SimulatedIpv6Link.open("sim", prefix,
                    new InetSocketAddress(InetAddress.getByName(elsewhere), 9)), elsewhere);
        }
        assertThrows(IllegalArgumentException.class, () -> SimulatedIpv6Link.open("sim", prefix,
                InetSocketAddress.createUnresolved("localhost", 9)));
    }
}
