package org.reveille.interfaces.rest.identity;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.reveille.application.AgentIdentities;
import org.reveille.application.AuditTrail;
import org.reveille.domain.model.NotFoundException;
import org.reveille.interfaces.json.EnrollmentTokenDocument;
import org.reveille.interfaces.rest.Caller;
import org.reveille.interfaces.rest.ReveilleApi;

/** Enrollment tokens: create (the secret is shown once), list, revoke (docs/api.md, "Agent identities"), for administrators. */
@RequestScoped
@Path("/enrollment-tokens")
@RolesAllowed(ReveilleApi.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class EnrollmentTokenResource {

    @Inject
    private AgentIdentities identities;

    @Inject
    private AuditTrail audit;

    @Inject
    private Caller origin;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponses({
            @APIResponse(responseCode = "201", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IdentityRepresentations.Token.class)), description = "the token; its \"token\" member (id and secret) is shown only here"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public Response createToken(EnrollmentTokenDocument body, @Context UriInfo uri) {
        EnrollmentTokenDocument.Command command = body.toCommand();
        AgentIdentities.NewToken created = identities.createToken(command.validFor(), command.uses(), command.description(), origin.actor());
        return Response.created(uri.getBaseUriBuilder().path("enrollment-tokens").path(created.token().id()).build())
                .header("Cache-Control", "no-store")
                .entity(IdentityRepresentations.Token.of(created.token(), created.secret(), audit.now())).build();
    }

    @GET
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the tokens, newest first (at most 1,000), without their secrets"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public List<IdentityRepresentations.Token> tokens() {
        Instant now = audit.now();
        return identities.tokens().stream().map(t -> IdentityRepresentations.Token.of(t, null, now)).toList();
    }

    @DELETE
    @Path("/{id}")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the token, revoked: no agent enrolls with it any more"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public IdentityRepresentations.Token revokeToken(@PathParam("id") String id) {
        if (id.length() > 32) {
            throw new NotFoundException("No enrollment token " + id.substring(0, 32) + "…");
        }
        return IdentityRepresentations.Token.of(identities.revokeToken(id, origin.actor()), null, audit.now());
    }
}
