package org.reveille.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicReference;
import org.reveille.protocol.WireRole;

/**
 * Where an agent keeps its last role between runs, so that a returning Primary or Alternate can follow
 * docs/architecture.md#flow-a-returning-agent. The file form writes atomically (temp file and rename) so a crash
 * never leaves half a role.
 */
public interface RoleMemory {

    WireRole load();

    void save(WireRole role);

    /** The role kept in {@code stateDirectory/role}; MEMBER when the file is missing or unreadable. */
    static RoleMemory inDirectory(Path stateDirectory) {
        Path file = stateDirectory.resolve("role");
        return new RoleMemory() {
            @Override
            public WireRole load() {
                try {
                    return WireRole.valueOf(Files.readString(file, StandardCharsets.UTF_8).strip());
                } catch (IOException | IllegalArgumentException e) {
                    return WireRole.MEMBER;
                }
            }

            @Override
            public void save(WireRole role) {
                try {
                    Files.createDirectories(stateDirectory);
                    Path temp = Files.createTempFile(stateDirectory, "role", ".tmp");
                    Files.writeString(temp, role.name() + "\n", StandardCharsets.UTF_8);
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot keep the agent role in " + file, e);
                }
            }
        };
    }

    /** A memory that lives as long as the object: for simulated agents restarted within one JVM. */
    static RoleMemory inMemory(WireRole initial) {
        AtomicReference<WireRole> role = new AtomicReference<>(initial);
        return new RoleMemory() {
            @Override
            public WireRole load() {
                return role.get();
            }

            @Override
            public void save(WireRole newRole) {
                role.set(newRole);
            }
        };
    }
}
