package org.reveille.protocol;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * One blocking connection to a peer's listener. {@link #request} sends a message and waits (up to the read
 * timeout) for the reply; an ERROR reply becomes an exception, and a security mismatch is logged as one line.
 */
public final class ProtocolConnection implements Closeable {

    private static final System.Logger LOG = System.getLogger(ProtocolConnection.class.getName());

    private final Socket socket;
    private final FrameCodec codec;
    private final String peer;
    private final InputStream in;
    private final OutputStream out;

    ProtocolConnection(Socket socket, FrameCodec codec, String peer) throws IOException {
        this.socket = socket;
        this.codec = codec;
        this.peer = peer;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Sends {@code message} and returns the peer's reply.
     *
     * @throws SecurityMismatchException the sides disagree on security (already logged)
     * @throws RemoteErrorException the peer refused the command with an ERROR
     * @throws ProtocolException the reply itself was refused by the decoder
     * @throws java.net.SocketTimeoutException no reply within the read timeout
     */
    public Message request(Message message) throws IOException {
        send(message);
        Frame reply = receive();
        if (reply == null) {
            throw new EOFException(peer + " closed the connection without replying to " + message.type());
        }
        if (reply.message() instanceof ErrorReply error) {
            SecurityMismatch mismatch = SecurityMismatch.reportedByPeer(error.code());
            if (mismatch != null) {
                LOG.log(System.Logger.Level.WARNING, mismatch.logLine(peer));
                throw new SecurityMismatchException(mismatch, peer);
            }
            throw new RemoteErrorException(peer, error.code(), error.message());
        }
        return reply.message();
    }

    public void send(Message message) throws IOException {
        codec.write(out, message);
    }

    /** The next frame from the peer, or null when it closed the connection. */
    public Frame receive() throws IOException {
        try {
            return codec.read(in);
        } catch (ProtocolException e) {
            SecurityMismatch mismatch = SecurityMismatch.detectedHere(e.code());
            if (mismatch != null) {
                LOG.log(System.Logger.Level.WARNING, mismatch.logLine(peer));
                throw new SecurityMismatchException(mismatch, peer);
            }
            throw e;
        }
    }

    public String peer() {
        return peer;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
