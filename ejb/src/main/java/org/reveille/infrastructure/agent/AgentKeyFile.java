package org.reveille.infrastructure.agent;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.reveille.logging.ReveilleLogger;
import org.reveille.protocol.SecurityContext;

/**
 * The key server and agents share for authenticated traffic: {@code reveille.agent.key-file}, by default
 * {@code reveille-agent.key} in the server's data directory ({@code jboss.server.data.dir}: {@code run-data/} for
 * {@code ./mvnw -Prun}), which a rebuild or a re-provisioning of the server leaves alone; the configuration directory
 * (the key's place before) is re-created by every build.
 *
 * <p>Generated once, readable by the server's user only, when no key file exists. An existing file is never
 * replaced: every deployed agent holds a copy, so a key that cannot be read or is malformed stops the agent listener
 * with {@link UnusableKeyException} (REVEILLE00091) for an administrator to fix, rather than silently becoming a
 * new key that no agent has.
 *
 * <p>Format (docs/protocol.md, "The shared key"): the key is the first line of the file, UTF-8 text, used as it is
 * (its UTF-8 bytes are the HMAC key; it is not base64-decoded); the line ends at the first LF, and surrounding
 * white space, a CR included, is stripped; at least {@value SecurityContext#MIN_KEY_BYTES} bytes remain.
 */
final class AgentKeyFile {

    static final String FILE_NAME = "reveille-agent.key";

    /** The existing key file cannot be used; the listener does not start (or the setting is refused). */
    static final class UnusableKeyException extends IOException {
        private static final long serialVersionUID = 1L;

        UnusableKeyException(Path file, String why, Throwable cause) {
            super("agent key file " + file + " is unusable: " + why, cause);
        }
    }

    private AgentKeyFile() {
    }

    static Path location() {
        String configured = System.getProperty("reveille.agent.key-file");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("jboss.server.data.dir", "."), FILE_NAME);
    }

    /** Where versions before issue 11 kept the key: the server's configuration directory. */
    static Path legacyLocation() {
        return Path.of(System.getProperty("jboss.server.config.dir", "."), FILE_NAME);
    }

    static SecurityContext load() throws IOException {
        return load(location(), System.getProperty("reveille.agent.key-file") == null ? legacyLocation() : null);
    }

    /** Loads {@code file}; when it does not exist, takes over {@code legacy} (if given and present) or generates one. */
    static SecurityContext load(Path file, Path legacy) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (legacy != null && Files.isRegularFile(legacy)) {
                read(legacy); // a malformed old key is reported, not carried over
                try {
                    Files.copy(legacy, file, StandardCopyOption.COPY_ATTRIBUTES);
                    ReveilleLogger.LOG.agentKeyMoved(legacy.toString(), file.toString());
                } catch (FileAlreadyExistsException anotherServerWasFirst) {
                    // a second server sharing the data directory copied it at the same moment: use that one
                }
            } else {
                generate(file);
            }
        }
        return read(file);
    }

    private static SecurityContext read(Path file) throws UnusableKeyException {
        try {
            return SecurityContext.fromKeyFile(file);
        } catch (CharacterCodingException e) {
            throw new UnusableKeyException(file, "it is not UTF-8 text", e);
        } catch (IOException e) {
            throw new UnusableKeyException(file, e.getMessage(), e);
        }
    }

    private static void generate(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String line = Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "\n";
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), FILE_NAME, ".new");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file inherits the directory's ACL
            }
            Files.writeString(temporary, line, StandardCharsets.UTF_8);
            // never over an existing key: a second server that generated one first wins, and this one uses it
            Files.createLink(file, temporary);
            ReveilleLogger.LOG.agentKeyGenerated(file.toString());
        } catch (FileAlreadyExistsException anotherServerWasFirst) {
            // use the key the other server wrote
        } catch (UnsupportedOperationException noHardLinks) {
            if (!Files.exists(file)) {
                Files.move(temporary, file);
                ReveilleLogger.LOG.agentKeyGenerated(file.toString());
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
