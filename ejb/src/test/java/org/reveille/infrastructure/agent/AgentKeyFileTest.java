package org.reveille.infrastructure.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reveille.protocol.Frame;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.Heartbeat;
import org.reveille.protocol.SecurityContext;

/**
 * Item 14 of issue 11: the agent key lives in the data directory, is generated once and never replaced, and its
 * format is the one docs/protocol.md states (first line, UTF-8 bytes as they are, CR/LF and surrounding blanks
 * stripped, not base64-decoded).
 */
class AgentKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void defaultLocationIsTheServerDataDirectory() {
        String before = System.getProperty("jboss.server.data.dir");
        System.setProperty("jboss.server.data.dir", dir.toString());
        try {
            assertEquals(dir.resolve("reveille-agent.key"), AgentKeyFile.location());
        } finally {
            if (before == null) System.clearProperty("jboss.server.data.dir"); else System.setProperty("jboss.server.data.dir", before);
        }
    }

    @Test
    void generatedOnceThenKeptAcrossRestarts() throws Exception {
        Path file = dir.resolve("data").resolve("reveille-agent.key");
        SecurityContext first = AgentKeyFile.load(file, null);
        String line = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(line.matches("[A-Za-z0-9_-]{43}\n"), "43 base64url characters and a LF: " + line);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        SecurityContext second = AgentKeyFile.load(file, null);   // a restart, redeploy or rebuild: same file
        assertEquals(line, Files.readString(file, StandardCharsets.UTF_8), "an existing key is never regenerated");
        assertSameKey(first, second);
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void theKeyIsTheLineAsItIsNotBase64Decoded() throws Exception {
        // "QUJDREVGR0hJSktMTU5PUA" is base64 of "ABCDEFGHIJKLMNOP": the key is the 22 characters, not the 16 bytes
        Path file = dir.resolve("k");
        Files.writeString(file, "QUJDREVGR0hJSktMTU5PUA\r\nsecond line ignored\n");
        SecurityContext loaded = AgentKeyFile.load(file, null);
        assertSameKey(SecurityContext.withKey("QUJDREVGR0hJSktMTU5PUA".getBytes(StandardCharsets.UTF_8)), loaded);
        assertFalse(sameKey(SecurityContext.withKey(Base64.getDecoder().decode("QUJDREVGR0hJSktMTU5PUA")), loaded));
        // CR, LF, spaces and tabs around the line are stripped; a file without a final LF is the same key
        Path bare = dir.resolve("bare");
        Files.writeString(bare, " \tQUJDREVGR0hJSktMTU5PUA \r");
        assertSameKey(loaded, AgentKeyFile.load(bare, null));
    }

    @Test
    void aMalformedKeyIsAnErrorNeverAReplacement() throws Exception {
        Path shortKey = dir.resolve("short");
        Files.writeString(shortKey, "only15bytes....\n");
        AgentKeyFile.UnusableKeyException e = assertThrows(AgentKeyFile.UnusableKeyException.class, () -> AgentKeyFile.load(shortKey, null));
        assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
        assertEquals("only15bytes....\n", Files.readString(shortKey), "left as it was");

        Path empty = dir.resolve("empty");
        Files.writeString(empty, "");
        assertThrows(AgentKeyFile.UnusableKeyException.class, () -> AgentKeyFile.load(empty, null));
        assertEquals(0, Files.size(empty));

        Path notUtf8 = dir.resolve("latin1");
        Files.write(notUtf8, new byte[] {'k', 'e', 'y', (byte) 0xE9, (byte) 0xFF, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', '\n'});
        AgentKeyFile.UnusableKeyException notText = assertThrows(AgentKeyFile.UnusableKeyException.class, () -> AgentKeyFile.load(notUtf8, null));
        assertTrue(notText.getMessage().contains("not UTF-8"), notText.getMessage());

        Path directory = dir.resolve("a-directory");
        Files.createDirectory(directory);
        assertThrows(AgentKeyFile.UnusableKeyException.class, () -> AgentKeyFile.load(directory, null));
    }

    @Test
    void aKeyFromTheOldConfigurationDirectoryIsTakenOver() throws Exception {
        Path legacy = dir.resolve("configuration").resolve("reveille-agent.key");
        Files.createDirectories(legacy.getParent());
        Files.writeString(legacy, "an-old-key-every-agent-already-has\n");
        Path file = dir.resolve("data").resolve("reveille-agent.key");
        SecurityContext loaded = AgentKeyFile.load(file, legacy);
        assertEquals("an-old-key-every-agent-already-has\n", Files.readString(file));
        assertSameKey(SecurityContext.withKey("an-old-key-every-agent-already-has".getBytes(StandardCharsets.UTF_8)), loaded);
    }

    private static void assertSameKey(SecurityContext expected, SecurityContext actual) throws Exception {
        assertTrue(sameKey(expected, actual), "the two contexts sign with different keys");
    }

    /** Two contexts share a key when a frame one signs is accepted by the other. */
    private static boolean sameKey(SecurityContext signer, SecurityContext checker) throws Exception {
        Heartbeat beat = new Heartbeat("KEY-TEST", org.reveille.net.Ipv4Address.parse("127.0.0.1"),
                org.reveille.protocol.WireRole.MEMBER, 60_000, 0);
        byte[] encoded = new FrameCodec(signer).encode(beat);
        try {
            Frame frame = new FrameCodec(checker).decode(encoded);
            return frame.signed();
        } catch (java.io.IOException | RuntimeException refused) {
            return false;
        }
    }
}
