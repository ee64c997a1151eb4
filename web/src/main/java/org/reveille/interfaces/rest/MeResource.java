package org.reveille.interfaces.rest;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import java.util.ArrayList;
import java.util.List;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** GET /api/me: who the credentials belong to and which roles they carry (the console signs in with it). */
@RequestScoped
@Path("/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR, ReveilleApi.INVENTORY})
public class MeResource {

    /** Who is signed in and with which roles. */
    @JsonbPropertyOrder({"user", "roles"})
    public record MeRepresentation(String user, List<String> roles) {
    }

    @GET
    @APIResponses({
            @APIResponse(responseCode = "200", description = "who is signed in", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MeResource.MeRepresentation.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized")
    })
    public MeRepresentation me(@Context SecurityContext caller) {
        List<String> roles = new ArrayList<>();
        for (String role : new String[] {ReveilleApi.ADMIN, ReveilleApi.OPERATOR, ReveilleApi.INVENTORY}) {
            if (caller.isUserInRole(role)) {
                roles.add(role);
            }
        }
        return new MeRepresentation(caller.getUserPrincipal().getName(), roles);
    }
}
