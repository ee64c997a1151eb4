package org.reveille.protocol;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Gives each frame a deadline, not only each read: a peer that trickles one byte at a time would otherwise keep
 * a worker busy for hours while never tripping the socket's read timeout.
 */
final class FrameDeadlineInputStream extends FilterInputStream {

    private final Socket socket;
    private final long budgetMillis;
    private long deadline;

    FrameDeadlineInputStream(InputStream in, Socket socket, long budgetMillis) {
        super(in);
        this.socket = socket;
        this.budgetMillis = budgetMillis;
        nextFrame();
    }

    /** Starts the clock for the next frame. */
    void nextFrame() {
        deadline = System.currentTimeMillis() + budgetMillis;
    }

    private void arm() throws IOException {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
            throw new SocketTimeoutException("frame not complete within " + budgetMillis + " ms");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public int read() throws IOException {
        arm();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return super.read(b, off, len);
    }
}
