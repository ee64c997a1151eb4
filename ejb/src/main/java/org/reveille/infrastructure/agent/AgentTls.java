package org.reveille.infrastructure.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.reveille.protocol.TlsSettings;

/**
 * The agent listener's TLS in the {@code encrypted} mode (docs/security.md, "TLS on the agent listener"): PKCS12 stores
 * named by system properties, which {@code wildfly-config/agent-tls.cli} sets from expressions (environment variables or
 * defaults). The listener presents the key store's certificate to agents; the server, connecting to agents' listeners,
 * presents the same certificate (for agents that require client certificates) and trusts the agents' certificates by the
 * trust store (the JDK's CAs when none is set).
 */
final class AgentTls {

    static final String KEY_STORE = "reveille.agent-listener.tls.key-store";
    static final String KEY_STORE_PASSWORD = "reveille.agent-listener.tls.key-store-password";
    static final String TRUST_STORE = "reveille.agent-listener.tls.trust-store";
    static final String TRUST_STORE_PASSWORD = "reveille.agent-listener.tls.trust-store-password";
    static final String REQUIRE_CLIENT_AUTH = "reveille.agent-listener.tls.require-client-auth";

    /** What the listener serves with, and what the server connects to agents with. */
    record Settings(TlsSettings listener, TlsSettings client, String keyStore) {
    }

    private AgentTls() {
    }

    static Settings load() throws IOException {
        String keyStore = System.getProperty(KEY_STORE, "").strip();
        if (keyStore.isEmpty()) {
            throw new IOException("secureTransport 'encrypted' needs the agent listener's TLS key store: system property " + KEY_STORE
                    + " is not set (wildfly-config/agent-tls.cli, docs/security.md)");
        }
        Path keys = Path.of(keyStore).toAbsolutePath().normalize();
        if (!Files.isReadable(keys)) {
            throw new IOException("the agent listener's TLS key store " + keys + " (" + KEY_STORE + ") cannot be read");
        }
        char[] keyPassword = System.getProperty(KEY_STORE_PASSWORD, "").toCharArray();
        String trustStore = System.getProperty(TRUST_STORE, "").strip();
        Path trust = trustStore.isEmpty() ? null : Path.of(trustStore);
        char[] trustPassword = System.getProperty(TRUST_STORE_PASSWORD, "").toCharArray();
        boolean requireClientAuth = Boolean.parseBoolean(System.getProperty(REQUIRE_CLIENT_AUTH, "false"));
        return new Settings(TlsSettings.fromPkcs12(keys, keyPassword, trust, trustPassword, requireClientAuth),
                TlsSettings.fromPkcs12(keys, keyPassword, trust, trustPassword, false), keys.toString());
    }
}
