package org.reveille.interfaces.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.reveille.domain.model.audit.Actor;

/**
 * The signed-in caller of this request as the audit trail records it: the user and the client's address
 * (docs/api.md, "Audit trail"). The address is the TCP peer: behind a load balancer, its address, unless Undertow is
 * configured to take the client's from X-Forwarded-For (docs/cluster.md, "A load balancer in front").
 */
@RequestScoped
public class Caller {

    @Inject
    private HttpServletRequest request;

    public Actor actor() {
        Principal principal = request.getUserPrincipal();
        return Actor.rest(principal == null ? null : principal.getName(), request.getRemoteAddr());
    }

    /** Whether the caller has the admin role (who may change what other users created). */
    public boolean admin() {
        return request.isUserInRole(ReveilleApi.ADMIN);
    }
}
