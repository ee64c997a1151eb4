package org.reveille.interfaces.health;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.reveille.interfaces.json.Jsonp;

/**
 * GET /health/ready, /health/live and /health on the HTTP port, unauthenticated, in the MicroProfile Health
 * wire format: 200 when every probe is UP, 503 otherwise. (WildFly does not register MicroProfile health checks
 * of EAR sub-deployments, so the application serves its own; WildFly's :9990/health reports the server itself.)
 */
@WebServlet({"/health", "/health/ready", "/health/live"})
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    private DatabaseProbe database;

    @Inject
    private MessagingProbe messaging;

    @Inject
    private DeadlockProbe threads;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath();
        List<Probe> probes = switch (path) {
            case "/health/ready" -> List.of(database, messaging);
            case "/health/live" -> List.of(threads);
            default -> Stream.of(database, messaging, threads).map(Probe.class::cast).toList();
        };
        boolean up = true;
        JsonArrayBuilder checks = Jsonp.array();
        for (Probe probe : probes) {
            Probe.Result result = probe.check();
            up &= result.up();
            JsonObjectBuilder data = Jsonp.object();
            result.data().forEach((k, v) -> {
                if (v instanceof Number n) data.add(k, n.longValue());
                else data.add(k, String.valueOf(v));
            });
            checks.add(Jsonp.object().add("name", result.name()).add("status", result.up() ? "UP" : "DOWN").add("data", data));
        }
        response.setStatus(up ? 200 : 503);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(Jsonp.object().add("status", up ? "UP" : "DOWN").add("checks", checks).build().toString());
    }
}
