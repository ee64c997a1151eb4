package org.reveille.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

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
}
