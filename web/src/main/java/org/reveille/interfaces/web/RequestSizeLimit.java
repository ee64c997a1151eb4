package org.reveille.interfaces.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.reveille.interfaces.rest.Problems;
import org.reveille.logging.ReveilleLogger;

/**
 * Refuses an API request whose declared body is larger than {@code reveille.api.max-request-bytes}
 * (default 16 MiB) with 413 problem+json before reading a byte of it. Undertow's max-post-size stays as the
 * backstop for bodies without a Content-Length.
 */
@WebFilter("/api/*")
public class RequestSizeLimit extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final long LIMIT = Long.getLong("reveille.api.max-request-bytes", 16L * 1024 * 1024);

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long length = request.getContentLengthLong();
        if (length <= LIMIT) {
            chain.doFilter(request, response);
            return;
        }
        String errorId = Problems.newErrorId();
        ReveilleLogger.LOG.requestRejected(request.getMethod(), request.getRequestURI(), errorId,
                "413 body of " + length + " bytes exceeds the limit of " + LIMIT);
        Problems.write(response, Problems.response(413, "request-too-large", "Content Too Large",
                "The request body (" + length + " bytes) exceeds the limit of " + LIMIT + " bytes; send smaller batches",
                request.getRequestURI(), errorId, List.of()));
    }
}
