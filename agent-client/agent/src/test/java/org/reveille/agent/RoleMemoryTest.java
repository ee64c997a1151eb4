package org.reveille.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reveille.protocol.AgentRole;

class RoleMemoryTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheRoleAcrossInstancesInTheStateDirectory() {
        Path state = dir.resolve("nested/state");
        assertEquals(AgentRole.MEMBER, RoleMemory.inDirectory(state).load(), "nothing kept yet");
        RoleMemory.inDirectory(state).save(AgentRole.PRIMARY);
        assertEquals(AgentRole.PRIMARY, RoleMemory.inDirectory(state).load());
        RoleMemory.inDirectory(state).save(AgentRole.ALTERNATE);
        assertEquals(AgentRole.ALTERNATE, RoleMemory.inDirectory(state).load());
    }

    @Test
    void anUnreadableFileMeansMember() throws Exception {
        Files.writeString(dir.resolve("role"), "CAPTAIN\n");
        assertEquals(AgentRole.MEMBER, RoleMemory.inDirectory(dir).load());
    }

    @Test
    void inMemoryKeepsWhatItIsGiven() {
        RoleMemory memory = RoleMemory.inMemory(AgentRole.ALTERNATE);
        assertEquals(AgentRole.ALTERNATE, memory.load());
        memory.save(AgentRole.MEMBER);
        assertEquals(AgentRole.MEMBER, memory.load());
    }
}
