package org.reveille.infrastructure.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.reveille.logging.ReveilleLogger;
import org.reveille.protocol.SecurityContext;

/**
 * The key server and agents share for authenticated traffic: {@code reveille.agent.key-file} (default
 * {@code <server config dir>/reveille-agent.key}). Generated, readable by the server's user only, when missing.
 */
final class AgentKeyFile {

    private AgentKeyFile() {
    }

    static Path location() {
        String configured = System.getProperty("reveille.agent.key-file");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("jboss.server.config.dir", "."), "reveille-agent.key");
    }

    static SecurityContext load() throws IOException {
        Path file = location();
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String line = Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "\n";
            Files.writeString(file, line, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file inherits the configuration directory's ACL
            }
            ReveilleLogger.LOG.agentKeyGenerated(file.toString());
        }
        return SecurityContext.fromKeyFile(file);
    }
}
