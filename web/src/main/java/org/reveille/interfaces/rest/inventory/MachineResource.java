package org.reveille.interfaces.rest.inventory;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.reveille.application.InventoryService;
import org.reveille.interfaces.rest.PageRepresentation;
import org.reveille.interfaces.rest.Paging;
import org.reveille.interfaces.rest.ReveilleApi;

/** GET /api/machines?name=…: look-up by name (case-insensitive, trailing * for a prefix); GET /api/machines/{resourceId}. */
@RequestScoped
@Path("/machines")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR, ReveilleApi.INVENTORY})
public class MachineResource {

    @Inject
    private InventoryService inventory;

    @GET
    @APIResponses({
            @APIResponse(responseCode = "200", description = "a page of machines"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public PageRepresentation<MachineRepresentation> search(@QueryParam("name") String name, @QueryParam("offset") Integer offset,
                                                            @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        return PageRepresentation.of(inventory.byName(name, paging.offset(), paging.limit()), MachineRepresentation::of);
    }

    @GET
    @Path("/{resourceId}")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the machine", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MachineRepresentation.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public MachineRepresentation get(@PathParam("resourceId") String resourceId) {
        return inventory.byResourceId(resourceId).map(MachineRepresentation::of)
                .orElseThrow(() -> new NotFoundException("No machine with resource id '" + resourceId + "'"));
    }
}
