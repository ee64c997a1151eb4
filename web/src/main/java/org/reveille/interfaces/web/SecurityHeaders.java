package org.reveille.interfaces.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The browser-facing security headers of every answer of the application, console and API alike (docs/security.md,
 * "Browser headers"): a Content-Security-Policy that allows the console's own scripts, styles and API calls and
 * nothing else (no inline script or style, no framing; violations are reported to {@link CspReports}), nosniff, no
 * framing for older browsers, no Referer. Over HTTPS, Strict-Transport-Security when
 * {@code reveille.hsts.max-age-seconds} is above 0 (off by default: a browser that has seen it refuses plain HTTP to
 * the host for that long, which an installation must choose on purpose).
 */
@WebFilter(urlPatterns = "/*", dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class SecurityHeaders extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; report-uri /csp-report";

    private static final long HSTS_MAX_AGE = Long.getLong("reveille.hsts.max-age-seconds", 0);

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (HSTS_MAX_AGE > 0 && request.isSecure()) {
            response.setHeader("Strict-Transport-Security", "max-age=" + HSTS_MAX_AGE);
        }
        chain.doFilter(request, response);
    }
}
