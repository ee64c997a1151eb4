package org.reveille.interfaces.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
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

    @GET
    public JsonObject me(@Context SecurityContext caller) {
        JsonArrayBuilder roles = Json.createArrayBuilder();
        for (String role : new String[] {ReveilleApi.ADMIN, ReveilleApi.OPERATOR, ReveilleApi.INVENTORY}) {
            if (caller.isUserInRole(role)) {
                roles.add(role);
            }
        }
        return Json.createObjectBuilder().add("user", caller.getUserPrincipal().getName()).add("roles", roles).build();
    }
}
