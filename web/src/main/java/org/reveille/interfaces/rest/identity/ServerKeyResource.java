package org.reveille.interfaces.rest.identity;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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
import org.reveille.application.AuditTrail;
import org.reveille.application.ServerKeys;
import org.reveille.domain.model.identity.ServerKey;
import org.reveille.interfaces.json.KeyRotationDocument;
import org.reveille.interfaces.rest.Caller;
import org.reveille.interfaces.rest.ReveilleApi;

/** The server's signing keys: list, rotate (the keys in use endorse the new one during the overlap) (docs/api.md, "Agent identities"), for administrators. */
@RequestScoped
@Path("/server-keys")
@RolesAllowed(ReveilleApi.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ServerKeyResource {

    @Inject
    private ServerKeys keys;

    @Inject
    private AuditTrail audit;

    @Inject
    private Caller origin;

    @GET
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the server's signing keys, newest first, without their private part"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public List<IdentityRepresentations.Key> serverKeys() {
        Instant now = audit.now();
        List<ServerKey> all = keys.all();
        return all.stream().map(k -> IdentityRepresentations.Key.of(k, k == all.get(0), now)).toList();
    }

    @POST
    @Path("/rotation")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponses({
            @APIResponse(responseCode = "201", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IdentityRepresentations.Key.class)), description = "the new key, which signs from now on"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "409", ref = "Conflict")
    })
    public Response rotate(KeyRotationDocument body, @Context UriInfo uri) {
        ServerKey created = keys.rotate(body.toCommand(), origin.actor());
        return Response.created(uri.getBaseUriBuilder().path("server-keys").build())
                .entity(IdentityRepresentations.Key.of(created, true, audit.now())).build();
    }
}
