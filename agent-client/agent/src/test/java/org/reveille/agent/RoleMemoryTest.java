package org.reveille.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reveille.protocol.WireRole;

class RoleMemoryTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheRoleAcrossInstancesInTheStateDirectory() {
        Path state = dir.resolve("nested/state");
        assertEquals(WireRole.MEMBER, RoleMemory.inDirectory(state).load(), "nothing kept yet");
        RoleMemory.inDirectory(state).save(WireRole.PRIMARY);
        assertEquals(WireRole.PRIMARY, RoleMemory.inDirectory(state).load());
        RoleMemory.inDirectory(state).save(WireRole.ALTERNATE);
        assertEquals(WireRole.ALTERNATE, RoleMemory.inDirectory(state).load());
    }

    @Test
    void anUnreadableFileMeansMember() throws Exception {
        Files.writeString(dir.resolve("role"), "CAPTAIN\n");
        assertEquals(WireRole.MEMBER, RoleMemory.inDirectory(dir).load());
    }

    @Test
    void inMemoryKeepsWhatItIsGiven() {
        RoleMemory memory = RoleMemory.inMemory(WireRole.ALTERNATE);
        assertEquals(WireRole.ALTERNATE, memory.load());
        memory.save(WireRole.MEMBER);
        assertEquals(WireRole.MEMBER, memory.load());
    }
}
