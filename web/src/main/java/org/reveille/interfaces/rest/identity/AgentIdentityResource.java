package org.reveille.interfaces.rest.identity;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.reveille.application.AgentIdentities;
import org.reveille.application.ProxyHandover;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.NotFoundException;
import org.reveille.interfaces.json.RevocationDocument;
import org.reveille.interfaces.rest.Caller;
import org.reveille.interfaces.rest.PageRepresentation;
import org.reveille.interfaces.rest.Paging;
import org.reveille.interfaces.rest.ReveilleApi;

/** The enrolled agents' identities: list, read, revoke (the agent leaves the agent list as a de-registered one does) (docs/api.md, "Agent identities"), for administrators. */
@RequestScoped
@Path("/agent-identities")
@RolesAllowed(ReveilleApi.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AgentIdentityResource {

    @Inject
    private ProxyHandover handover;

    @Inject
    private AgentIdentities identities;

    @Inject
    private Caller origin;

    @GET
    @APIResponses({
            @APIResponse(responseCode = "200", description = "a page of agent identities, newest first"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public PageRepresentation<IdentityRepresentations.Identity> list(@QueryParam("state") String state,
                                                                      @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Boolean revoked = state == null ? null : switch (state) {
            case "live" -> Boolean.FALSE;
            case "revoked" -> Boolean.TRUE;
            default -> throw new InvalidInputException("state", "live or revoked");
        };
        Paging paging = Paging.of(offset, limit);
        return PageRepresentation.of(identities.identities(revoked, paging.offset(), paging.limit()), IdentityRepresentations.Identity::of);
    }

    @GET
    @Path("/{id}")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the identity"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public IdentityRepresentations.Identity identity(@PathParam("id") long id) {
        return identities.find(id).map(IdentityRepresentations.Identity::of)
                .orElseThrow(() -> new NotFoundException("No agent identity " + id));
    }

    @POST
    @Path("/{id}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the identity, revoked: its frames are refused, its roles handed over"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound"),
            @APIResponse(responseCode = "409", ref = "Conflict")
    })
    public IdentityRepresentations.Identity revoke(@PathParam("id") long id, RevocationDocument body) {
        AgentIdentities.Revoked revoked = identities.revoke(id, body.toCommand(), origin.actor());
        // after the commit, as for a de-registration: the promoted agent is told, the subnet rediscovered
        revoked.handovers().forEach(handover::handOver);
        return IdentityRepresentations.Identity.of(revoked.identity());
    }
}
