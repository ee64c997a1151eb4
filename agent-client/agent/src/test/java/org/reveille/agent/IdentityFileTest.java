package org.reveille.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reveille.protocol.Ed25519;

/**
 * The identity file (docs/protocol.md, "The agent program"): written atomically with mode 600, read back as written,
 * and refused with the file's name when it is anything else.
 */
class IdentityFileTest {

    private static final KeyPair AGENT = Ed25519.generate();
    private static final KeyPair SERVER = Ed25519.generate();
    private static final KeyPair NEXT_SERVER = Ed25519.generate();

    @TempDir
    Path dir;

    private static IdentityFile identity() {
        return IdentityFile.enrolled(1001, AGENT, 7, SERVER.getPublic());
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }

    @Test
    void writesAtomicallyForTheOwnerOnlyAndReadsBackWhatItWrote() throws Exception {
        Path file = dir.resolve("state/agent-identity");
        identity().write(file);
        if (posix(file)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertEquals(List.of(file), left.collect(Collectors.toList()), "no temporary file is left behind");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("# Reveille agent identity"), text);
        assertTrue(text.contains("\nagent-id=1001\n"), text);
        assertTrue(text.contains("\nserver-key.7="), text);

        IdentityFile read = IdentityFile.read(file);
        assertEquals(1001, read.agentId());
        assertArrayEquals(AGENT.getPublic().getEncoded(), read.publicKey().getEncoded());
        assertArrayEquals(AGENT.getPrivate().getEncoded(), read.signing().key().getEncoded());
        assertEquals(1001, read.signing().signer());
        assertEquals(Set.of(7L), read.serverKeys().keySet());
        assertArrayEquals(SERVER.getPublic().getEncoded(), read.serverKeys().get(7L).getEncoded());

        // a learnt server key replaces the file as a whole, still for the owner only
        read.withServerKey(8, NEXT_SERVER.getPublic()).write(file);
        IdentityFile learnt = IdentityFile.read(file);
        assertEquals(List.of(7L, 8L), List.copyOf(learnt.serverKeys().keySet()));
        assertArrayEquals(NEXT_SERVER.getPublic().getEncoded(), learnt.serverKeys().get(8L).getEncoded());
        if (posix(file)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void anUnusableFileIsRefusedWithItsNameAndLeftAsItIs() throws Exception {
        String good = identity().text();
        String otherPrivateKey = "private-key=" + java.util.Base64.getEncoder().encodeToString(Ed25519.generate().getPrivate().getEncoded());
        List<String[]> cases = List.of(
                new String[] {"", "it has no agent-id"},
                new String[] {"just some text\n", "line 1 is not key=value"},
                new String[] {good.replaceAll("(?m)^server-key\\.7=.*\\n", ""), "it names no server-key.<id>"},
                new String[] {good.replaceAll("(?m)^private-key=.*$", otherPrivateKey), "are not one key pair"},
                new String[] {good.replaceAll("(?m)^public-key=(.{10}).*$", "public-key=$1"), "Ed25519 public key"},
                new String[] {good.replace("agent-id=1001", "agent-id=ten"), "For input string"},
                new String[] {good + "agent-id=1002\n", "repeats agent-id"},
                new String[] {good.substring(0, good.length() / 2), ""});
        for (String[] c : cases) {
            Path file = Files.writeString(dir.resolve("agent-identity"), c[0], StandardCharsets.UTF_8);
            IdentityFileException e = assertThrows(IdentityFileException.class, () -> IdentityFile.read(file), c[1]);
            assertTrue(e.getMessage().startsWith("identity file " + file + " is unusable: "), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertEquals(file, e.file());
            assertEquals(c[0], Files.readString(file, StandardCharsets.UTF_8), "left as it is");
        }
        Path binary = Files.write(dir.resolve("binary"), new byte[] {(byte) 0xC3, 0x28, 0x0A});
        assertTrue(assertThrows(IdentityFileException.class, () -> IdentityFile.read(binary)).getMessage().contains("not UTF-8"));
        Path missing = dir.resolve("gone/agent-identity");
        assertTrue(assertThrows(IdentityFileException.class, () -> IdentityFile.read(missing)).getMessage().contains(missing.toString()));
        assertFalse(Files.exists(missing));
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theTokenIsIdDotSecretAndItsSecretStaysOutOfMessages() {
        EnrollmentSecret token = EnrollmentSecret.parse("Ab3dE.sec.ret-_~");
        assertEquals("Ab3dE", token.tokenId());
        assertEquals("sec.ret-_~", token.secret(), "the secret is everything after the first '.'");
        assertArrayEquals(sha256("sec.ret-_~"), token.hmacKey(), "the server keeps SHA-256 of the secret");
        assertFalse(token.toString().contains("sec.ret"), token.toString());
        for (String bad : List.of("", "nodot", ".secret", "id.", "id.sec ret", "id.sécret", "i d.secret", "id.secret\n")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnrollmentSecret.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("an enrollment token is <id>.<secret>"), e.getMessage());
            assertFalse(!bad.isEmpty() && bad.length() > 3 && e.getMessage().contains(bad), "the token is not repeated: " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> EnrollmentSecret.parse("x".repeat(65) + ".secret"));
    }
}
