package org.reveille.interfaces.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import org.reveille.interfaces.rest.Problems;
import org.reveille.logging.ReveilleLogger;

/**
 * The error page of web.xml: errors the servlet container raises itself are answered as problem+json too. It exists
 * only for the container's error dispatch: a client asking for /problem itself gets the 404 of any unknown path.
 */
@WebServlet("/problem")
public class ContainerProblemServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Every servlet of the application but the REST API (which answers its own 405s with Allow) serves GET only. */
    private static final String STATIC_METHODS = "GET, HEAD, OPTIONS";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean errorDispatch = request.getDispatcherType() == DispatcherType.ERROR;
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = !errorDispatch ? 404 : code instanceof Integer i ? i : response.getStatus();
        String path = errorDispatch ? String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)) : request.getRequestURI();
        String errorId = Problems.newErrorId();
        String realmDown = status == 500 ? signInUnavailable(request) : null;
        if (realmDown != null) {
            // the sign-in could not be checked (the directory of apply.sh --ldap is unreachable): not the server's
            // fault and not the client's; 503, and a line that says so rather than a stack trace
            ReveilleLogger.LOG.realmUnavailable(request.getMethod(), path, realmDown, errorId);
            response.setStatus(503);
            response.setHeader("Retry-After", "30");
            Problems.write(response, Problems.response(503, "sign-in-unavailable", title(503),
                    "Sign-in cannot be checked now: the directory does not answer; try again shortly (error id " + errorId + ")",
                    path, errorId, List.of()));
            return;
        }
        String detail = switch (status) {
            case 400 -> "The request is malformed (its path, query or headers)";
            case 401 -> "Authentication required: send HTTP BASIC credentials of a Reveille user";
            case 403 -> "Your role does not allow this request";
            case 404 -> "No resource at " + path;
            case 405 -> "Method " + request.getMethod() + " is not allowed on " + path + "; allowed: " + STATIC_METHODS;
            case 413 -> "The request body exceeds the server's limit; send smaller batches";
            case 501 -> "Method " + request.getMethod() + " is not supported; allowed: " + STATIC_METHODS;
            default -> status < 500 ? title(status)
                    : "The server failed to process the request; quote error id " + errorId + " to your administrator";
        };
        if (status == 401 && "XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
            // A script (the console) asked: a Basic challenge would make the browser open its own sign-in dialog.
            response.setHeader("WWW-Authenticate", "ReveilleBasic realm=\"Reveille\"");
        }
        if ((status == 405 || status == 501) && response.getHeader("Allow") == null) {
            response.setHeader("Allow", STATIC_METHODS);
        }
        if (status >= 500 && status != 501) {
            Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            ReveilleLogger.LOG.requestFailed(request.getMethod(), path, errorId, thrown instanceof Throwable t ? t : null);
        } else if (status != 401) {
            ReveilleLogger.LOG.requestRejected(request.getMethod(), path, errorId, String.valueOf(status));
        }
        Problems.write(response, Problems.response(status, "http-" + status, title(status), detail, path, errorId, List.of()));
    }

    /**
     * Why a 500 was the sign-in's own failure, or null when it was not: Elytron's RealmUnavailableException in the
     * cause chain (by name: no Elytron API here), or a 500 without an exception for a request that carried
     * credentials and was never signed in. Elytron's BASIC mechanism answers that way when its realm cannot be asked
     * (an unreachable directory) and hands the error page no exception (seen in LdapSignInIT); a wrong password is a
     * 401, and a failure after the sign-in has a principal.
     */
    static String signInUnavailable(HttpServletRequest request) {
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        for (Throwable t = thrown instanceof Throwable first ? first : null; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().endsWith(".RealmUnavailableException")) {
                return String.valueOf(t.getMessage());
            }
        }
        if (thrown == null && request.getHeader("Authorization") != null && request.getUserPrincipal() == null) {
            return "the realm gave no answer for the credentials sent";
        }
        return null;
    }

    private static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return status == 413 ? "Content Too Large" : known != null ? known.getReasonPhrase()
                : status >= 500 ? "Internal Server Error" : "Client Error";
    }
}
