package org.reveille.interfaces.rest;

import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.reveille.domain.model.Violation;
import org.reveille.interfaces.json.Jsonp;

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

    /**
     * Whether a message is the framework's, not the application's: message codes (RESTEASY003210, WFLYUT0001,
     * UT000020, COM00508, HHH000001...), Java exception names or qualified class names. Such text is logged, never
     * sent to a client.
     */
    public static boolean looksLikeFrameworkText(String text) {
        return FRAMEWORK_TEXT.matcher(text).find();
    }

    private static final java.util.regex.Pattern FRAMEWORK_TEXT = java.util.regex.Pattern.compile(
            "\\b(RESTEASY|WFLY[A-Z]{0,6}|UT|COM|HHH|ELY|ARJUNA|AMQ|ISPN|IJ|JBREM|XNIO)[0-9]{4,6}\\b|WELD-[0-9]{6}|[A-Za-z]+(Exception|Error)\\b|\\b(java|jakarta|javax|org|io|com|net)\\.[a-z0-9_]+\\.[A-Za-z]");

    public static Response response(int status, String type, String title, String detail, String instance,
                                    String errorId, List<Violation> violations) {
        if (detail != null && looksLikeFrameworkText(detail)) {
            detail = status >= 500 ? "The server failed to process the request; quote error id " + errorId + " to your administrator"
                    : title;
        }
        JsonObjectBuilder problem = Jsonp.object()
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
            problem.add("errors", Jsonp.errors(violations));
        }
        return Response.status(status).type(MEDIA_TYPE).entity(problem.build().toString()).build();
    }
}
