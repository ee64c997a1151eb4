package org.reveille.interfaces.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.reveille.interfaces.rest.Problems;
import org.reveille.logging.ReveilleLogger;

/** The error page of web.xml: errors the servlet container raises itself are answered as problem+json too. */
@WebServlet("/problem")
public class ContainerProblemServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : response.getStatus();
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        String errorId = Problems.newErrorId();
        String detail = switch (status) {
            case 401 -> "Authentication required: send HTTP BASIC credentials of a Reveille user";
            case 403 -> "Your role does not allow this request";
            case 404 -> "No resource at " + path;
            case 405 -> "Method not allowed on " + path;
            case 413 -> "The request body exceeds the server's limit; send smaller batches";
            default -> "The server failed to process the request; quote error id " + errorId + " to your administrator";
        };
        if (status == 401 && "XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
            // A script (the console) asked: a Basic challenge would make the browser open its own sign-in dialog.
            response.setHeader("WWW-Authenticate", "ReveilleBasic realm=\"Reveille\"");
        }
        if (status >= 500) {
            Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            ReveilleLogger.LOG.requestFailed(request.getMethod(), path, errorId, thrown instanceof Throwable t ? t : null);
        } else if (status != 401) {
            ReveilleLogger.LOG.requestRejected(request.getMethod(), path, errorId, String.valueOf(status));
        }
        Problems.write(response, Problems.response(status, "http-" + status, title(status), detail, path, errorId, List.of()));
    }

    private static String title(int status) {
        return switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            default -> "Internal Server Error";
        };
    }
}
