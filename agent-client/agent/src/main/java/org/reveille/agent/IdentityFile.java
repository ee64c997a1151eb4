package org.reveille.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.reveille.protocol.Ed25519;
import org.reveille.protocol.SigningIdentity;

/**
 * Who an enrolled agent is (docs/security.md, "Agent identity"): the identity id the server gave it, its Ed25519 key
 * pair, and the server keys it trusts (the one it enrolled with, and those it learnt from a rotation's endorsements).
 * Immutable; kept in the identity file (docs/protocol.md, "The agent program"), plain text:
 *
 * <pre>
 * # comment lines
 * agent-id=1234
 * public-key=&lt;base64 of the agent's X.509 public key, 44 bytes&gt;
 * private-key=&lt;base64 of the agent's PKCS#8 private key&gt;
 * server-key.7=&lt;base64 of server key 7's X.509 public key&gt;   (one line per trusted server key)
 * </pre>
 *
 * written atomically (a temporary file in the same directory, then an atomic rename) with mode rw------- where the
 * file system has POSIX permissions. A file that cannot be read as such is an {@link IdentityFileException}, never a
 * reason to enroll again.
 */
public final class IdentityFile {

    private static final System.Logger LOG = System.getLogger(IdentityFile.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final String AGENT_ID = "agent-id";
    private static final String PUBLIC_KEY = "public-key";
    private static final String PRIVATE_KEY = "private-key";
    private static final String SERVER_KEY = "server-key.";

    private final long agentId;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    /** Trusted server keys by key id, in the order they were learnt. */
    private final Map<Long, PublicKey> serverKeys;
    private final SigningIdentity signing;

    private IdentityFile(long agentId, PrivateKey privateKey, PublicKey publicKey, Map<Long, PublicKey> serverKeys) {
        if (serverKeys.isEmpty()) {
            throw new IllegalArgumentException("an identity trusts at least one server key");
        }
        this.agentId = agentId;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.serverKeys = Collections.unmodifiableMap(new LinkedHashMap<>(serverKeys));
        this.signing = new SigningIdentity(agentId, privateKey);
    }

    /** The identity an ENROLLED answer gave: {@code agentId}, this agent's key pair, and the server's key. */
    public static IdentityFile enrolled(long agentId, KeyPair keys, long serverKeyId, PublicKey serverKey) {
        if (serverKeyId == 0) {
            throw new IllegalArgumentException("server key id 0 means none");
        }
        return new IdentityFile(agentId, keys.getPrivate(), keys.getPublic(), Map.of(serverKeyId, serverKey));
    }

    public long agentId() {
        return agentId;
    }

    /** What this agent signs its frames as: its identity id and private key. */
    public SigningIdentity signing() {
        return signing;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The server keys this agent trusts, by key id. */
    public Map<Long, PublicKey> serverKeys() {
        return serverKeys;
    }

    /** This identity, trusting {@code key} as server key {@code keyId} too. */
    public IdentityFile withServerKey(long keyId, PublicKey key) {
        Map<Long, PublicKey> keys = new LinkedHashMap<>(serverKeys);
        keys.put(keyId, key);
        return new IdentityFile(agentId, privateKey, publicKey, keys);
    }

    // ---- the identity file ----

    /** Reads an identity file the agent wrote; anything else is an {@link IdentityFileException} naming the file. */
    public static IdentityFile read(Path file) throws IdentityFileException {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IdentityFileException(file, "it is not UTF-8 text", e);
        } catch (IOException e) {
            throw new IdentityFileException(file, "it cannot be read (" + e + ")", e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new IdentityFileException(file, "line " + (i + 1) + " is not key=value", null);
            }
            String key = line.substring(0, equals).strip();
            if (values.put(key, line.substring(equals + 1).strip()) != null) {
                throw new IdentityFileException(file, "line " + (i + 1) + " repeats " + key, null);
            }
        }
        long agentId;
        PrivateKey privateKey;
        PublicKey publicKey;
        Map<Long, PublicKey> serverKeys = new LinkedHashMap<>();
        try {
            agentId = Long.parseLong(required(file, values, AGENT_ID));
            if (agentId == 0) {
                throw new IdentityFileException(file, AGENT_ID + " is 0", null);
            }
            publicKey = Ed25519.publicKey(base64(required(file, values, PUBLIC_KEY), PUBLIC_KEY));
            privateKey = Ed25519.privateKey(base64(required(file, values, PRIVATE_KEY), PRIVATE_KEY));
            for (Map.Entry<String, String> entry : values.entrySet()) {
                if (entry.getKey().startsWith(SERVER_KEY)) {
                    long id = Long.parseLong(entry.getKey().substring(SERVER_KEY.length()));
                    if (id == 0) {
                        throw new IdentityFileException(file, "server key id 0", null);
                    }
                    serverKeys.put(id, Ed25519.publicKey(base64(entry.getValue(), entry.getKey())));
                }
            }
        } catch (IllegalArgumentException e) {   // NumberFormatException too
            throw new IdentityFileException(file, e.getMessage(), e);
        }
        if (serverKeys.isEmpty()) {
            throw new IdentityFileException(file, "it names no " + SERVER_KEY + "<id>", null);
        }
        if (!matches(privateKey, publicKey)) {
            throw new IdentityFileException(file, PRIVATE_KEY + " and " + PUBLIC_KEY + " are not one key pair", null);
        }
        warnIfReadableByOthers(file);
        return new IdentityFile(agentId, privateKey, publicKey, serverKeys);
    }

    private static String required(Path file, Map<String, String> values, String key) throws IdentityFileException {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            throw new IdentityFileException(file, "it has no " + key, null);
        }
        return value;
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64: " + e.getMessage(), e);
        }
    }

    private static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        byte[] probe = "reveille identity file check".getBytes(StandardCharsets.US_ASCII);
        byte[] signed = java.util.Arrays.copyOf(probe, probe.length + Ed25519.SIGNATURE_LENGTH);
        try {
            System.arraycopy(Ed25519.sign(privateKey, probe, 0, probe.length), 0, signed, probe.length, Ed25519.SIGNATURE_LENGTH);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return Ed25519.verify(publicKey, signed, 0, probe.length, probe.length);
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY.containsAll(permissions)) {
                    LOG.log(System.Logger.Level.WARNING, "Identity file " + file + " is "
                            + PosixFilePermissions.toString(permissions) + ": whoever reads it can speak as this agent; "
                            + "chmod 600 it");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // nothing to say where permissions cannot be read
        }
    }

    /**
     * Writes this identity to {@code file} atomically: a temporary file in the same directory (mode rw------- on
     * POSIX file systems), written and forced to disk, then renamed over {@code file}. Creates the directory.
     */
    public void write(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        boolean posix = Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class);
        Path temp = posix
                ? Files.createTempFile(directory, "." + target.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        try {
            if (posix) {
                Files.setPosixFilePermissions(temp, OWNER_ONLY);   // whatever the umask did
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);   // the server holds this identity now: losing the file means enrolling again
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The file's content. */
    String text() {
        Base64.Encoder base64 = Base64.getEncoder();
        StringBuilder text = new StringBuilder()
                .append("# Reveille agent identity (docs/protocol.md, \"The agent program\"): this agent's key pair and the\n")
                .append("# server keys it trusts. Written by the agent; keep it private (mode 600), since whoever holds it can\n")
                .append("# speak as this agent. A re-imaged PC enrolls again with a new token after an admin revoked this identity.\n")
                .append(AGENT_ID).append('=').append(agentId).append('\n')
                .append(PUBLIC_KEY).append('=').append(base64.encodeToString(publicKey.getEncoded())).append('\n')
                .append(PRIVATE_KEY).append('=').append(base64.encodeToString(privateKey.getEncoded())).append('\n');
        serverKeys.forEach((id, key) -> text.append(SERVER_KEY).append(id).append('=')
                .append(base64.encodeToString(key.getEncoded())).append('\n'));
        return text.toString();
    }

    @Override
    public String toString() {
        return "IdentityFile[agent " + agentId + ", server keys " + serverKeys.keySet() + "]";
    }
}
