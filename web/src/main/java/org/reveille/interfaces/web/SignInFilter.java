package org.reveille.interfaces.web;

import jakarta.inject.Inject;
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
import org.reveille.application.AuditTrail;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditDetail;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.logging.ReveilleLogger;

/**
 * Tells {@link SignInWatch} how each sign-in ended: a request that reached the application authenticated is a
 * success; the container's 401 error page, dispatched for refused credentials, is a failure. The failure that locks an
 * identity is audited (sign-in-locked-out). With directory sign-in the realm is the directory's, which Elytron locks
 * the same way (docs/security.md, "Directory sign-in").
 */
@WebFilter(urlPatterns = "/*", dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class SignInFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private final transient SignInWatch watch = SignInWatch.ofRealm();

    @Inject
    private transient AuditTrail audit;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            if (Integer.valueOf(401).equals(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE))) {
                SignInWatch.basicUser(request.getHeader("Authorization")).ifPresent(user -> {
                    if (watch.failed(user, request.getRemoteAddr(), Instant.now())) {
                        try {
                            audit.record(Actor.rest(SignInWatch.printable(user), request.getRemoteAddr()), AuditKind.SIGN_IN_LOCKED_OUT,
                                    "user " + SignInWatch.printable(user), AuditDetail.of().with("failures", watch.maxFailures())
                                            .with("lockedMinutes", watch.lockout().toMinutes()).with("realm", SignInWatch.REALM));
                        } catch (RuntimeException e) {
                            // the 401 goes out all the same; REVEILLE00100 already told the administrator
                            ReveilleLogger.LOG.auditNotWritten("sign-in-locked-out of " + SignInWatch.printable(user), String.valueOf(e.getMessage()));
                        }
                    }
                });
            }
        } else if (request.getRemoteUser() != null) {
            watch.succeeded(request.getRemoteUser());
        }
        chain.doFilter(request, response);
    }
}
