package org.reveille.protocol;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLSocket;

/**
 * A TCP listener that reads frames, hands each accepted message to a {@link MessageHandler} and writes the reply.
 * The agent runs one on port 1776 for server commands; the server runs one on 1777 for agents.
 *
 * <p>Every refusal closes the connection after one ERROR frame, and nothing of the refused frame is executed:
 * a bad frame (with the decoder's specific {@link ErrorCode}), a message type that does not belong on this
 * listener, or a security mismatch, which is logged as one "Security mismatch with" line. With TLS configured,
 * a peer speaking plain TCP is told so in plain text; without TLS, a peer opening with a TLS handshake is
 * dropped with the matching log line.
 */
public final class FrameServer implements Closeable {

    private static final System.Logger LOG = System.getLogger(FrameServer.class.getName());
    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    private final ServerSocketChannel channel;
    private final FrameCodec codec;
    private final TlsSettings tls;
    private final Set<MessageType.Channel> accepted;
    private final MessageHandler handler;
    private final ListenerRuntime runtime;

    private FrameServer(ServerSocketChannel channel, FrameCodec codec, TlsSettings tls,
            Set<MessageType.Channel> accepted, MessageHandler handler, ListenerRuntime runtime) {
        this.channel = channel;
        this.codec = codec;
        this.tls = tls;
        this.accepted = EnumSet.copyOf(accepted);
        this.handler = handler;
        this.runtime = runtime;
    }

    /**
     * Binds and starts accepting.
     *
     * @param bind the address and port to listen on (port 0: any free port)
     * @param tls null for plain TCP
     * @param accepted the message channels this listener serves, e.g. SERVER_TO_AGENT on an agent
     */
    public static FrameServer start(InetSocketAddress bind, FrameCodec codec, TlsSettings tls,
            Set<MessageType.Channel> accepted, MessageHandler handler, ListenerRuntime runtime) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            // A restarted agent must get its port back at once, whatever connections are still in TIME_WAIT.
            channel.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(bind, 128);
            FrameServer server = new FrameServer(channel, codec, tls, accepted, handler, runtime);
            runtime.selector().register(channel, SelectionKey.OP_ACCEPT, key -> server.acceptAll());
            return server;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    private void acceptAll() {
        while (true) {
            SocketChannel connection;
            try {
                connection = channel.accept();
            } catch (java.nio.channels.ClosedChannelException e) {
                return; // closed while a connection was waiting: the server is stopping
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "accept failed: " + e);
                return;
            }
            if (connection == null) {
                return;
            }
            try {
                runtime.workers().execute(() -> serve(connection));
            } catch (RejectedExecutionException e) {
                refuseBusy(connection);
            }
        }
    }

    private void refuseBusy(SocketChannel connection) {
        try (Socket socket = connection.socket()) {
            LOG.log(System.Logger.Level.WARNING, "Too many connections; refused " + socket.getRemoteSocketAddress());
            connection.configureBlocking(true);
            socket.getOutputStream().write(codec.encodeUnsigned(new ErrorReply(ErrorCode.BUSY, "too many connections")));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not tell a refused peer: " + e);
        }
    }

    private void serve(SocketChannel connection) {
        Socket socket = connection.socket();
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        String peer = remote == null ? "unknown peer" : remote.getAddress().getHostAddress() + ":" + remote.getPort();
        try (socket) {
            connection.configureBlocking(true);
            socket.setSoTimeout((int) runtime.idleTimeout().toMillis());
            socket.setTcpNoDelay(true);
            Streams streams = openStreams(socket, peer);
            if (streams != null) {
                converse(streams, remote, peer);
            }
        } catch (SocketTimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing idle connection from " + peer);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection from " + peer + " ended: " + e);
        }
    }

    private record Streams(FrameDeadlineInputStream in, OutputStream out) {
    }

    private Streams streams(InputStream in, Socket timed, OutputStream out) {
        return new Streams(new FrameDeadlineInputStream(new BufferedInputStream(in), timed,
                runtime.idleTimeout().toMillis()), out);
    }

    /** Looks at the first byte to tell a TLS handshake from a plain frame, then sets up the streams. */
    private Streams openStreams(Socket socket, String peer) throws IOException {
        InputStream raw = socket.getInputStream();
        int first = raw.read();
        if (first < 0) {
            return null;
        }
        byte[] consumed = {(byte) first};
        boolean tlsHello = first == TLS_HANDSHAKE_RECORD;
        if (tls == null) {
            if (tlsHello) {
                LOG.log(System.Logger.Level.WARNING, SecurityMismatch.PEER_REQUIRES_TLS.logLine(peer));
                return null;
            }
            // Not a SequenceInputStream: it closes each stream it finishes, and closing this one closes the socket
            // before a TRUNCATED error could be sent back.
            PushbackInputStream in = new PushbackInputStream(raw, 1);
            in.unread(first);
            return streams(in, socket, socket.getOutputStream());
        }
        if (!tlsHello) {
            LOG.log(System.Logger.Level.WARNING, SecurityMismatch.THIS_SIDE_REQUIRES_TLS.logLine(peer));
            socket.getOutputStream().write(codec.encodeUnsigned(
                    new ErrorReply(ErrorCode.TLS_REQUIRED, "this listener accepts TLS connections only")));
            return null;
        }
        SSLSocket ssl = (SSLSocket) tls.context().getSocketFactory()
                .createSocket(socket, new ByteArrayInputStream(consumed), true);
        ssl.setEnabledProtocols(tls.protocols());
        ssl.setNeedClientAuth(tls.requireClientAuth());
        try {
            ssl.startHandshake();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "TLS handshake with " + peer + " failed; nothing executed: " + e.getMessage());
            return null;
        }
        return streams(ssl.getInputStream(), ssl, ssl.getOutputStream());
    }

    private void converse(Streams streams, InetSocketAddress remote, String peer) throws IOException {
        while (true) {
            Frame frame;
            streams.in().nextFrame();
            try {
                frame = codec.read(streams.in());
            } catch (ProtocolException e) {
                refuseFrame(e, streams.out(), peer);
                return;
            }
            if (frame == null) {
                return;
            }
            MessageType type = frame.message().type();
            if (!accepted.contains(type.channel())) {
                LOG.log(System.Logger.Level.WARNING, "Refused " + type + " from " + peer
                        + ": not accepted on this listener; connection closed");
                codec.write(streams.out(), new ErrorReply(ErrorCode.UNEXPECTED_MESSAGE, type + " is not accepted here"));
                return;
            }
            Message reply;
            try {
                reply = handler.handle(frame, remote);
            } catch (ProtocolException e) {
                LOG.log(System.Logger.Level.WARNING, "Refused " + type + " from " + peer + ": " + e.getMessage());
                codec.write(streams.out(), new ErrorReply(e.code(), e.getMessage()));
                return;
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "Failed to execute " + type + " from " + peer, e);
                codec.write(streams.out(), new ErrorReply(ErrorCode.INTERNAL, type + " failed: " + e));
                return;
            }
            if (reply != null) {
                codec.write(streams.out(), reply);
            }
        }
    }

    /**
     * Answers a refused frame with an unsigned ERROR, so that a peer with a different key, or none, can still
     * read why; an unsigned ERROR can make a peer give up, never execute anything.
     */
    private void refuseFrame(ProtocolException e, OutputStream out, String peer) {
        SecurityMismatch mismatch = SecurityMismatch.detectedHere(e.code());
        if (mismatch != null) {
            LOG.log(System.Logger.Level.WARNING, mismatch.logLine(peer));
        } else {
            LOG.log(System.Logger.Level.WARNING, "Refused frame from " + peer + ": " + e.getMessage()
                    + "; connection closed, nothing executed");
        }
        try {
            out.write(codec.encodeUnsigned(new ErrorReply(e.code(), truncate(e.getMessage()))));
            out.flush();
        } catch (IOException writeFailed) {
            LOG.log(System.Logger.Level.DEBUG, "could not send ERROR to " + peer + ": " + writeFailed);
        }
    }

    static String truncate(String text) {
        return text.length() <= 512 ? text : text.substring(0, 512);
    }

    @Override
    public void close() throws IOException {
        runtime.selector().close(channel);
    }
}
