package org.reveille.interfaces.web;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reveille.logging.ReveilleLogger;

/**
 * POST /csp-report: where browsers report what the console's Content-Security-Policy blocked ({@link SecurityHeaders}).
 * Browsers send these without credentials, so anyone can: the body is read up to {@value #MAX_BYTES} bytes, logged
 * as text with control characters replaced (REVEILLE00168), at most {@value #PER_MINUTE} lines a minute (the rest
 * counted in the next line), and answered 204 whatever it holds. A console that works as built sends none; one that
 * does is either changed without its policy or under attack (an injected script or style).
 */
@WebServlet("/csp-report")
public class CspReports extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final int MAX_BYTES = 4096;
    static final int PER_MINUTE = 10;

    private final AtomicLong minute = new AtomicLong();
    private final AtomicInteger logged = new AtomicInteger();
    private final AtomicInteger leftOut = new AtomicInteger();

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BYTES);
        }
        long now = Instant.now().getEpochSecond() / 60;
        if (minute.getAndSet(now) != now) {
            logged.set(0);
        }
        if (logged.incrementAndGet() <= PER_MINUTE) {
            ReveilleLogger.LOG.cspViolation(request.getRemoteAddr(), printable(new String(body, StandardCharsets.UTF_8)), leftOut.getAndSet(0));
        } else {
            leftOut.incrementAndGet();
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    static String printable(String text) {
        return text.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
