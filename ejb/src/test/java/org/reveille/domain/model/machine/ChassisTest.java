package org.reveille.domain.model.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChassisTest {

    @Test
    void discoveryTriesServersFirstAndLaptopsLast() {
        List<Chassis> ordered = Arrays.stream(new Chassis[] {Chassis.LAPTOP, Chassis.UNKNOWN, Chassis.WORKSTATION, Chassis.SERVER})
                .sorted(Comparator.comparingInt(Chassis::discoveryRank)).toList();
        assertEquals(List.of(Chassis.SERVER, Chassis.WORKSTATION, Chassis.UNKNOWN, Chassis.LAPTOP), ordered);
    }

    @Test
    void parsesCaseInsensitivelyAndRejectsOthers() {
        assertEquals(Chassis.SERVER, Chassis.parse(" Server "));
        assertEquals(Chassis.UNKNOWN, Chassis.parse(null));
        assertThrows(IllegalArgumentException.class, () -> Chassis.parse("tablet"));
    }
}
