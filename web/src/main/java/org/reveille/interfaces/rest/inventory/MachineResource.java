package org.reveille.interfaces.rest.inventory;

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
    public PageRepresentation<MachineRepresentation> search(@QueryParam("name") String name, @QueryParam("offset") Integer offset,
                                                            @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        return PageRepresentation.of(inventory.byName(name, paging.offset(), paging.limit()), MachineRepresentation::of);
    }

    @GET
    @Path("/{resourceId}")
    public MachineRepresentation get(@PathParam("resourceId") String resourceId) {
        return inventory.byResourceId(resourceId).map(MachineRepresentation::of)
                .orElseThrow(() -> new NotFoundException("No machine with resource id '" + resourceId + "'"));
    }
}
