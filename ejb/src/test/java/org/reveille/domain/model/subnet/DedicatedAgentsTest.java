package org.reveille.domain.model.subnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

class DedicatedAgentsTest {

    @Test
    void oneOrTwoAgentsOfTheSubnetInTheirOrder() {
        DedicatedAgents two = DedicatedAgents.of("127.84.1.0/24", List.of("127.84.1.20", " 127.84.1.7 "), true);
        assertEquals(Cidr.parse("127.84.1.0/24"), two.subnet());
        assertEquals(List.of(Ipv4Address.parse("127.84.1.20"), Ipv4Address.parse("127.84.1.7")), two.agents(), "the first preferred as Primary");
        assertTrue(two.standIn());
        assertTrue(two.any());
        assertTrue(two.pins(Ipv4Address.parse("127.84.1.7")));
        assertFalse(two.pins(Ipv4Address.parse("127.84.1.8")));
        DedicatedAgents one = DedicatedAgents.of("127.84.1.0/24", List.of("127.84.1.20"), null);
        assertFalse(one.standIn(), "no stand-ins unless asked for");
        DedicatedAgents none = DedicatedAgents.of("127.84.1.0/24", List.of(), false);
        assertFalse(none.any(), "empty: elected agents again");
        assertEquals(none, DedicatedAgents.none(Cidr.parse("127.84.1.0/24")));
        assertEquals(List.of("127.84.0.1"), DedicatedAgents.of("127.84.0.0/31", List.of("127.84.0.1"), false).agents().stream()
                .map(Object::toString).toList(), "a /31 has no network or broadcast address to refuse");
    }

    @Test
    void everyBadFieldIsNamed() {
        assertEquals(List.of("subnet", "agents"), fields(() -> DedicatedAgents.of("127.84.1.1/24", null, false)));
        assertEquals(List.of("agents[0]", "agents[2]"), fields(() -> DedicatedAgents.of("127.84.1.0/24", Arrays.asList("nonsense", "127.84.1.3", " "), false)));
        assertEquals(List.of("agents"), fields(() -> DedicatedAgents.of("127.84.1.0/24", List.of("127.84.1.2", "127.84.1.3", "127.84.1.4"), false)));
        InvalidInputException rules = assertThrows(InvalidInputException.class,
                () -> DedicatedAgents.of("127.84.1.0/24", List.of("127.84.2.9", "127.84.1.255"), false));
        assertEquals(List.of("agents[0]", "agents[1]"), rules.violations().stream().map(Violation::field).toList());
        assertTrue(rules.violations().get(0).message().contains("not in 127.84.1.0/24"), rules.violations().toString());
        assertTrue(rules.violations().get(1).message().contains("broadcast address"), rules.violations().toString());
        InvalidInputException twice = assertThrows(InvalidInputException.class,
                () -> DedicatedAgents.of("127.84.1.0/24", List.of("127.84.1.9", "127.84.1.9"), false));
        assertEquals(List.of("agents[1]"), twice.violations().stream().map(Violation::field).toList());
        assertTrue(twice.violations().get(0).message().contains("named twice"), twice.violations().toString());
        assertEquals(List.of("agents[0]"), fields(() -> DedicatedAgents.of("127.84.1.0/24", List.of("127.84.1.0"), false)));
    }

    private static List<String> fields(Runnable bad) {
        return assertThrows(InvalidInputException.class, bad::run).violations().stream().map(Violation::field).toList();
    }
}
