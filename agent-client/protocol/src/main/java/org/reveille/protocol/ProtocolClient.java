package org.reveille.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.reveille.net.Ipv4Address;

/**
 * Opens connections to a peer's listener: the server to agents on 1776, an agent to the server on 1777.
 * Immutable and thread-safe; each {@link ProtocolConnection} it opens belongs to one thread.
 */
public final class ProtocolClient {

    private static final System.Logger LOG = System.getLogger(ProtocolClient.class.getName());

    private final FrameCodec codec;
    private final TlsSettings tls;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Ipv4Address localAddress;

    public ProtocolClient(FrameCodec codec, TlsSettings tls, Duration connectTimeout, Duration readTimeout) {
        this(codec, tls, connectTimeout, readTimeout, null);
    }

    private ProtocolClient(FrameCodec codec, TlsSettings tls, Duration connectTimeout, Duration readTimeout,
            Ipv4Address localAddress) {
        this.codec = codec;
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.localAddress = localAddress;
    }

    /** A client whose connections come from {@code local}, as a simulated agent's come from its 127.x.y.z. */
    public ProtocolClient bindingTo(Ipv4Address local) {
        return new ProtocolClient(codec, tls, connectTimeout, readTimeout, local);
    }

    public FrameCodec codec() {
        return codec;
    }

    public ProtocolConnection connect(InetSocketAddress remote) throws IOException {
        String peer = remote.getHostString() + ":" + remote.getPort();
        Socket socket = new Socket();
        try {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress.toInetAddress(), 0));
            }
            socket.connect(remote, (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            if (tls == null) {
                return new ProtocolConnection(socket, codec, peer);
            }
            SSLSocket ssl = (SSLSocket) tls.context().getSocketFactory()
                    .createSocket(socket, remote.getHostString(), remote.getPort(), true);
            ssl.setUseClientMode(true);
            ssl.setEnabledProtocols(tls.protocols());
            if (tls.verifiesHostName()) {
                javax.net.ssl.SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(parameters);
            }
            try {
                ssl.startHandshake();
            } catch (IOException e) {
                String refused = certificateProblem(e, remote.getHostString());
                if (refused != null) {
                    // the peer speaks TLS, but this side does not accept its certificate
                    String line = "TLS handshake with " + peer + " refused: " + refused + " (" + e.getMessage() + "); nothing executed";
                    LOG.log(System.Logger.Level.WARNING, line);
                    throw new javax.net.ssl.SSLHandshakeException(line);
                }
                LOG.log(System.Logger.Level.WARNING, SecurityMismatch.THIS_SIDE_REQUIRES_TLS.logLine(peer)
                        + " (TLS handshake failed: " + e.getMessage() + ")");
                throw new SecurityMismatchException(SecurityMismatch.THIS_SIDE_REQUIRES_TLS, peer);
            }
            return new ProtocolConnection(ssl, codec, peer);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * What was wrong with the peer's certificate, when the handshake failed on this side's check of it (null when it
     * failed otherwise: a peer that does not speak TLS, or that refused this side).
     */
    static String certificateProblem(Throwable failure, String host) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateExpiredException) {
                return "its certificate has expired";
            }
            if (t instanceof java.security.cert.CertificateNotYetValidException) {
                return "its certificate is not valid yet";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof java.security.cert.CertificateException && (message.contains("No subject alternative")
                    || message.contains("No name matching") || message.contains("does not match"))) {
                return "its certificate does not name " + host;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException || t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertPathBuilderException) {
                return "its certificate is not trusted (no certificate of this side's trust store vouches for it)";
            }
        }
        return null;
    }

    /** Connects, sends {@code request}, waits for the reply and closes: the usual one-command exchange. */
    public Message exchange(InetSocketAddress remote, Message request) throws IOException {
        try (ProtocolConnection connection = connect(remote)) {
            return connection.request(request);
        }
    }
}
