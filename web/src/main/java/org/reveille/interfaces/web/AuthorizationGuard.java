package org.reveille.interfaces.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.util.Headers;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import jakarta.servlet.ServletContext;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.reveille.interfaces.rest.Problems;
import org.reveille.logging.ReveilleLogger;

/**
 * A handler in front of the container's security mechanism (an Undertow servlet extension, registered in
 * META-INF/services), for what a servlet filter comes too late to see:
 * <ul>
 * <li>An {@code Authorization: Basic} header whose credentials are not well-formed base64 is answered 401
 * problem+json here: WildFly's BASIC mechanism fails on it with an exception, which the container answers with 500.</li>
 * <li>The health endpoints need no authentication, so credentials sent to them are ignored (removed), rather than
 * checked and answered 401 when they are unknown.</li>
 * <li>TRACE is answered 405 problem+json with Allow (it would echo the request, credentials included).</li>
 * </ul>
 */
public class AuthorizationGuard implements ServletExtension {

    private static final Pattern BASE64 = Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");
    private static final String ALLOWED = "GET, HEAD, POST, PUT, DELETE, OPTIONS";

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext servletContext) {
        deployment.addInitialHandlerChainWrapper(Guard::new);
    }

    private record Guard(HttpHandler next) implements HttpHandler {
        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            String path = exchange.getRelativePath();
            if (Methods.TRACE.equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().put(Headers.ALLOW, ALLOWED);
                answer(exchange, 405, "Method Not Allowed", "Method TRACE is not allowed; allowed: " + ALLOWED, "405 TRACE");
                return;
            }
            if (path.equals("/health") || path.startsWith("/health/")) {
                exchange.getRequestHeaders().remove(Headers.AUTHORIZATION);   // public: whatever credentials come along
            } else if (malformedBasic(exchange.getRequestHeaders().get(Headers.AUTHORIZATION))) {
                boolean script = "XMLHttpRequest".equals(exchange.getRequestHeaders().getFirst("X-Requested-With"));
                exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, (script ? "ReveilleBasic" : "Basic") + " realm=\"Reveille\"");
                answer(exchange, 401, "Unauthorized",
                        "The Authorization header is not valid HTTP BASIC: send 'Basic ' and base64 of user:password", "401 malformed Basic credentials");
                return;
            }
            next.handleRequest(exchange);
        }

        private static boolean malformedBasic(HeaderValues values) {
            if (values == null) {
                return false;
            }
            for (String value : values) {
                String trimmed = value.trim();
                if (trimmed.length() >= 5 && trimmed.substring(0, 5).toLowerCase(Locale.ROOT).equals("basic")
                        && (trimmed.length() == 5 || trimmed.charAt(5) == ' ')) {
                    String token = trimmed.substring(5).trim();
                    if (!BASE64.matcher(token).matches()) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static void answer(HttpServerExchange exchange, int status, String title, String detail, String logReason) {
            String errorId = Problems.newErrorId();
            String path = exchange.getRequestPath();
            if (status != 401) {
                ReveilleLogger.LOG.requestRejected(exchange.getRequestMethod().toString(), path, errorId, logReason);
            }
            String body = (String) Problems.response(status, "http-" + status, title, detail, path, errorId, List.of()).getEntity();
            exchange.setStatusCode(status);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, Problems.MEDIA_TYPE + ";charset=UTF-8");
            exchange.getResponseHeaders().put(new HttpString("Cache-Control"), "no-store");
            exchange.getResponseSender().send(body);
        }
    }
}
