package org.reveille.interfaces.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.reveille.interfaces.rest.Problems;
import org.reveille.logging.ReveilleLogger;

/**
 * The API's body limit, {@code reveille.api.max-request-bytes} (default 16 MiB), on the bytes actually read: a body
 * that declares a larger Content-Length is refused before a byte of it is read; any other body (chunked) is read
 * through a counting stream that fails at the first byte over the limit, so nothing larger is ever buffered. Either
 * way the client gets 413 problem+json (the JSON reader's failure becomes one in
 * {@link org.reveille.interfaces.rest.ProblemMapper}).
 *
 * <p>A client that is still sending must read that answer: so the rest of its body is read and thrown away, up to
 * {@code reveille.api.drain-bytes} in all (default 96 MiB) and for at most {@value #DRAIN_SECONDS} s, and the
 * connection closed after the answer. A body larger still meets Undertow's max-post-size (128 MiB by default), which
 * drops the connection.
 */
@WebFilter("/api/*")
public class RequestSizeLimit extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final long LIMIT = Long.getLong("reveille.api.max-request-bytes", 16L * 1024 * 1024);
    private static final long DRAIN = Long.getLong("reveille.api.drain-bytes", 96L * 1024 * 1024);
    private static final int DRAIN_SECONDS = 30;

    /** The body went over the limit; what was read of it is discarded. */
    public static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException() {
            super("request body over " + LIMIT + " bytes");
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long length = request.getContentLengthLong();
        if (length > LIMIT) {
            String errorId = Problems.newErrorId();
            ReveilleLogger.LOG.requestRejected(request.getMethod(), request.getRequestURI(), errorId,
                    "413 body of " + length + " bytes exceeds the limit of " + LIMIT);
            response.setHeader("Connection", "close");
            Problems.write(response, Problems.response(413, "request-too-large", "Content Too Large",
                    "The request body (" + length + " bytes) exceeds the limit of " + LIMIT + " bytes; send smaller batches",
                    request.getRequestURI(), errorId, List.of()));
            if (length <= DRAIN && !"100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                drain(request.getInputStream(), 0);
            }
            return;
        }
        CountingRequest counted = new CountingRequest(request);
        try {
            chain.doFilter(counted, response);
        } finally {
            if (counted.body != null && counted.body.exceeded) {
                drain(request.getInputStream(), counted.body.count);
            }
        }
    }

    /** Reads and discards the rest of a refused body, so that the client gets to read the answer. */
    private static void drain(InputStream in, long alreadyRead) {
        long deadline = System.nanoTime() + DRAIN_SECONDS * 1_000_000_000L;
        long total = alreadyRead;
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n = in.read(buffer); n >= 0 && total < DRAIN && System.nanoTime() < deadline; n = in.read(buffer)) {
                total += n;
            }
        } catch (IOException e) {
            // the client gave up, or Undertow's own limit struck: the connection is closed either way
        }
    }

    private static final class CountingRequest extends HttpServletRequestWrapper {
        private CountingStream body;

        CountingRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new CountingStream(super.getInputStream());
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private long count;
        private boolean exceeded;

        CountingStream(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (exceeded) {
                throw new BodyTooLargeException();
            }
            // never more than one byte past the limit: that byte proves the body too large
            int n = in.read(buffer, offset, (int) Math.min(length, LIMIT - count + 1));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws BodyTooLargeException {
            count += n;
            if (count > LIMIT) {
                exceeded = true;
                throw new BodyTooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
