package org.reveille.protocol;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/**
 * One connection to a peer's listener kept open between exchanges: an agent sends its heartbeats on it instead of
 * opening a connection for each (docs/protocol.md, "Held connections"). Thread-safe: one exchange at a time.
 *
 * <p>{@link #request} uses the open connection when there is one to the same remote. When that connection turns out
 * to be closed (the server restarted, or closed it after its hold timeout; the write succeeds and the reply is an end
 * of stream or a reset), it opens ONE new connection and sends the request once more on it; a failure on a new
 * connection is the caller's, and nothing is tried a third time. A timeout, an ERROR reply or a security mismatch
 * is never retried (the request may have been executed, or would be refused again): the connection is dropped and
 * the exception passed on.
 */
public final class KeptConnection implements Closeable {

    private static final System.Logger LOG = System.getLogger(KeptConnection.class.getName());

    private final ProtocolClient client;
    private ProtocolConnection connection;
    private InetSocketAddress remote;
    private long opened;

    public KeptConnection(ProtocolClient client) {
        this.client = client;
    }

    /** Sends {@code message} to {@code to} on the kept connection (opening or replacing it as above). */
    public synchronized Message request(InetSocketAddress to, Message message) throws IOException {
        if (connection != null && !to.equals(remote)) {
            drop();
        }
        if (connection != null) {
            try {
                return connection.request(message);
            } catch (SocketTimeoutException | ProtocolException e) {
                drop();
                throw e;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "kept connection to " + connection.peer() + " was closed ("
                        + e.getMessage() + "); connecting again");
                drop();
            }
        }
        ProtocolConnection fresh = client.connect(to);
        opened++;
        try {
            Message reply = fresh.request(message);
            connection = fresh;
            remote = to;
            return reply;
        } catch (IOException | RuntimeException e) {
            closeQuietly(fresh);
            throw e;
        }
    }

    /** Whether a connection is kept now. */
    public synchronized boolean isOpen() {
        return connection != null;
    }

    /** Connections opened since this was created: 1 while the peer keeps holding it. */
    public synchronized long connectionsOpened() {
        return opened;
    }

    /** Closes the kept connection, if any; the next request opens a new one. */
    @Override
    public synchronized void close() {
        drop();
    }

    private void drop() {
        if (connection != null) {
            closeQuietly(connection);
            connection = null;
            remote = null;
        }
    }

    private static void closeQuietly(ProtocolConnection c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed: " + e);
        }
    }
}
