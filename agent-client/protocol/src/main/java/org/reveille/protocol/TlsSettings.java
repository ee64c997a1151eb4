package org.reveille.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the agent and server ports, from PKCS12 key stores, JDK only. A listener presents the key store's
 * certificate and, with {@code requireClientAuth}, demands one from the connecting side (mutual TLS); a client
 * trusts the peers in its trust store and presents its own key store when it has one.
 */
public final class TlsSettings {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext context;
    private final boolean requireClientAuth;
    private final boolean verifyHostName;

    private TlsSettings(SSLContext context, boolean requireClientAuth) {
        this(context, requireClientAuth, false);
    }

    private TlsSettings(SSLContext context, boolean requireClientAuth, boolean verifyHostName) {
        this.context = context;
        this.requireClientAuth = requireClientAuth;
        this.verifyHostName = verifyHostName;
    }

    /**
     * These settings, with the client also checking that the peer's certificate names the host it connected to (a
     * DNS name or IP address in its subject alternative names, as HTTPS clients do): an agent checking its server.
     */
    public TlsSettings verifyingHostName() {
        return new TlsSettings(context, requireClientAuth, true);
    }

    /** Whether a client with these settings checks the peer's host name. */
    public boolean verifiesHostName() {
        return verifyHostName;
    }

    /**
     * @param keyStore PKCS12 file with this side's key and certificate; null for a client without one
     * @param trustStore PKCS12 file with the certificates this side trusts; null for the JDK's default CAs
     */
    public static TlsSettings fromPkcs12(Path keyStore, char[] keyStorePassword, Path trustStore,
            char[] trustStorePassword, boolean requireClientAuth) throws IOException {
        try {
            KeyManagerFactory keys = null;
            if (keyStore != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keyStore, keyStorePassword), keyStorePassword);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore == null ? null : load(trustStore, trustStorePassword));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return new TlsSettings(context, requireClientAuth);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS from " + keyStore + " and " + trustStore + ": " + e.getMessage(), e);
        }
    }

    public static TlsSettings of(SSLContext context, boolean requireClientAuth) {
        return new TlsSettings(context, requireClientAuth);
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        } catch (IOException e) {
            throw new IOException("cannot read PKCS12 store " + file + ": " + e.getMessage(), e);
        }
        return store;
    }

    public SSLContext context() {
        return context;
    }

    public boolean requireClientAuth() {
        return requireClientAuth;
    }

    String[] protocols() {
        return PROTOCOLS.clone();
    }
}
