package org.reveille.interfaces.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;

/**
 * Tells {@link SignInWatch} how each sign-in ended: a request that reached the application authenticated is a
 * success; the container's 401 error page, dispatched for refused credentials, is a failure.
 */
@WebFilter(urlPatterns = "/*", dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class SignInFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private final transient SignInWatch watch = SignInWatch.ofRealm();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            if (Integer.valueOf(401).equals(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE))) {
                SignInWatch.basicUser(request.getHeader("Authorization"))
                        .ifPresent(user -> watch.failed(user, request.getRemoteAddr(), Instant.now()));
            }
        } else if (request.getRemoteUser() != null) {
            watch.succeeded(request.getRemoteUser());
        }
        chain.doFilter(request, response);
    }
}
