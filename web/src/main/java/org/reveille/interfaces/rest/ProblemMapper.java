package org.reveille.interfaces.rest;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.util.List;
import org.reveille.domain.model.ConflictException;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.NotFoundException;
import org.reveille.domain.model.NotPermittedException;
import org.reveille.domain.model.Violation;
import org.reveille.application.ConcurrentWrites;
import org.reveille.logging.ReveilleLogger;

/**
 * Turns every exception that reaches the REST edge into problem+json: the client gets a status, a title, a
 * detail it can act on and an error id; the log gets the same id (and, for server faults, the stack trace).
 * No stack trace ever goes to a client.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    @Context
    private HttpServletRequest request;

    @Context
    private UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable thrown) {
        String errorId = Problems.newErrorId();
        String path = uriInfo != null ? "/" + uriInfo.getPath().replaceFirst("^/", "") : null;
        String instance = path == null ? null : "/api" + path;
        String method = request != null ? request.getMethod() : "?";

        if (isRequestTooLarge(thrown)) {
            // the rest of the body is read and discarded by RequestSizeLimit; the connection closes after this answer
            return Response.fromResponse(rejected(413, "request-too-large", "Content Too Large",
                    "The request body exceeds the server's limit; send smaller batches", instance, method, errorId, List.of(),
                    "body too large")).header("Connection", "close").build();
        }
        InvalidInputException invalid = find(thrown, InvalidInputException.class);
        if (invalid != null) {
            return rejected(400, "invalid-input", "Invalid input", invalid.getMessage(), instance, method, errorId,
                    invalid.violations(), invalid.describe());
        }
        ConflictException conflict = find(thrown, ConflictException.class);
        if (conflict != null) {
            return rejected(409, "conflict", "Conflict", conflict.getMessage(), instance, method, errorId, List.of(), conflict.getMessage());
        }
        NotPermittedException forbidden = find(thrown, NotPermittedException.class);
        if (forbidden != null) {
            return rejected(403, "http-403", "Forbidden", forbidden.getMessage(), instance, method, errorId, List.of(), forbidden.getMessage());
        }
        NotFoundException missing = find(thrown, NotFoundException.class);
        if (missing != null) {
            return rejected(404, "http-404", "Not Found", missing.getMessage(), instance, method, errorId, List.of(), missing.getMessage());
        }
        Throwable cause = find(thrown, JsonException.class);
        if (cause == null) {
            cause = find(thrown, JsonbException.class);
        }
        if (cause != null) {
            String why = cause.getMessage() == null || Problems.looksLikeFrameworkText(cause.getMessage()) ? "cannot be parsed" : cause.getMessage();
            return rejected(400, "malformed-json", "Malformed JSON", "The request body is not valid JSON: " + why,
                    instance, method, errorId, List.of(), cause.getMessage());
        }
        if (thrown instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            String title = Response.Status.fromStatusCode(status) != null
                    ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Client error";
            Response problem = rejected(status, "http-" + status, title, clientDetail(web, method, instance), instance, method,
                    errorId, List.of(), web.getMessage());
            String allow = web.getResponse().getHeaderString("Allow");
            return allow == null ? problem : Response.fromResponse(problem).header("Allow", allow).build();
        }
        // a lost race with a concurrent write, however it surfaced (see ConcurrentWrites): never a 500
        if (ConcurrentWrites.lostRace(thrown) || isConstraintViolation(thrown)) {
            return rejected(409, "conflict", "Conflict",
                    "Another request changed the same records at the same time; nothing was stored, retry the request",
                    instance, method, errorId, List.of(), "concurrent change");
        }
        ReveilleLogger.LOG.requestFailed(method, instance, errorId, thrown);
        return Problems.response(500, "internal-error", "Internal server error",
                "The server failed to process the request; quote error id " + errorId + " to your administrator",
                instance, errorId, List.of());
    }

    /**
     * What the client is told about an error JAX-RS raised: the resource's own message, or for the framework's own
     * (which quote RESTEASY codes and Java names) a sentence per status.
     */
    private static String clientDetail(WebApplicationException web, String method, String instance) {
        String message = web.getMessage();
        if (message != null && !Problems.looksLikeFrameworkText(message)) {
            return message;
        }
        int status = web.getResponse().getStatus();
        String allow = web.getResponse().getHeaderString("Allow");
        return switch (status) {
            case 404 -> "No resource at " + instance;
            case 405 -> "Method " + method + " is not allowed on " + instance + (allow == null ? "" : "; allowed: " + allow);
            case 406 -> "No acceptable representation: this resource answers application/json";
            case 415 -> "Unsupported content type: send the body as application/json";
            default -> Response.Status.fromStatusCode(status) != null ? Response.Status.fromStatusCode(status).getReasonPhrase()
                    : "The request cannot be processed";
        };
    }

    private static Response rejected(int status, String type, String title, String detail, String instance, String method,
                                     String errorId, List<Violation> violations, String logReason) {
        ReveilleLogger.LOG.requestRejected(method, instance, errorId, status + " " + logReason);
        return Problems.response(status, type, title, detail, instance, errorId, violations);
    }

    private static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static boolean isRequestTooLarge(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.reveille.interfaces.web.RequestSizeLimit.BodyTooLargeException
                    || t.getClass().getName().endsWith("RequestTooBigException")) {
                return true;
            }
        }
        return false;
    }

    /** SQL state class 23: integrity constraint violation (a concurrent insert of the same key). */
    private static boolean isConstraintViolation(Throwable thrown) {
        SQLException sql = find(thrown, SQLException.class);
        return sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("23");
    }
}
