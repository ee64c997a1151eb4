package org.reveille.interfaces.rest.inventory;

import org.reveille.interfaces.rest.Caller;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.reveille.application.InventoryService;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.machine.MachineImport;
import org.reveille.interfaces.json.InventoryUpsertDocument;
import org.reveille.interfaces.rest.ReveilleApi;

/** PUT /api/inventory/machines: bulk upsert from inventory systems, idempotent and all-or-nothing. */
@RequestScoped
@Path("/inventory/machines")
public class InventoryResource {

    @Inject
    private InventoryService inventory;

    /** Who calls, for the audit trail. */
    @Inject
    private Caller origin;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.INVENTORY})
    @APIResponses({
            @APIResponse(responseCode = "200", description = "what the upsert did", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UpsertResultRepresentation.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "409", ref = "Conflict"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public UpsertResultRepresentation upsert(InventoryUpsertDocument body, @Context SecurityContext security) {
        if (body == null) {
            throw new InvalidInputException("machines", "the body must be an object with an array member 'machines'");
        }
        List<MachineImport> batch = body.toCommand();
        var result = inventory.upsertRetrying(batch, origin.actor());
        return new UpsertResultRepresentation(result.received(), result.created(), result.updated(), result.unchanged());
    }
}
