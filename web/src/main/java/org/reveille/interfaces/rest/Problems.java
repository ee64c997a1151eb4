package org.reveille.interfaces.rest;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.reveille.domain.model.Violation;

/** Builds RFC 9457 problem details. Every problem carries an error id that also appears in the server log. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://reveille.dev/problems/";

    private Problems() {
    }

    public static String newErrorId() {
        return UUID.randomUUID().toString();
    }

    /** Writes a problem to a servlet response: for errors raised before JAX-RS (filters, error pages). */
    public static void write(jakarta.servlet.http.HttpServletResponse servletResponse, Response problem) throws java.io.IOException {
        servletResponse.setStatus(problem.getStatus());
        servletResponse.setContentType(MEDIA_TYPE);
        servletResponse.setCharacterEncoding(java.nio.charset.StandardCharsets.UTF_8.name());
        servletResponse.getWriter().write((String) problem.getEntity());
    }

    public static Response response(int status, String type, String title, String detail, String instance,
                                    String errorId, List<Violation> violations) {
        JsonObjectBuilder problem = Json.createObjectBuilder()
                .add("type", TYPE_BASE + type)
                .add("title", title)
                .add("status", status)
                .add("errorId", errorId);
        if (detail != null) {
            problem.add("detail", detail);
        }
        if (instance != null) {
            problem.add("instance", instance);
        }
        if (violations != null && !violations.isEmpty()) {
            JsonArrayBuilder errors = Json.createArrayBuilder();
            violations.forEach(v -> errors.add(Json.createObjectBuilder().add("field", v.field()).add("message", v.message())));
            problem.add("errors", errors);
        }
        return Response.status(status).type(MEDIA_TYPE).entity(problem.build().toString()).build();
    }
}
