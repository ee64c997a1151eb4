package org.reveille.interfaces.rest.boundary;

import org.reveille.interfaces.rest.Caller;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
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
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.reveille.application.BoundaryService;
import org.reveille.interfaces.json.BoundaryDocument;
import org.reveille.domain.model.boundary.Boundary;
import org.reveille.domain.model.boundary.BoundarySet;
import org.reveille.interfaces.rest.ReveilleApi;

/**
 * GET|POST /api/boundaries, DELETE /api/boundaries/{id}: what this server is responsible for. GET also reports
 * the merged ranges, overlapping boundaries and inventory subnets the boundaries split.
 */
@RequestScoped
@Path("/boundaries")
@Produces(MediaType.APPLICATION_JSON)
public class BoundaryResource {

    @Inject
    private BoundaryService boundaries;

    /** Who calls, for the audit trail. */
    @Inject
    private Caller origin;

    @GET
    @RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the boundaries, merged ranges, overlaps and split subnets", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BoundarySetRepresentation.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public BoundarySetRepresentation list() {
        BoundarySet set = boundaries.current();
        return new BoundarySetRepresentation(
                set.boundaries().stream().map(BoundaryRepresentation::of).toList(),
                java.util.stream.Stream.concat(set.merged().stream(), set.prefixes6().stream().sorted().distinct())
                        .map(Object::toString).toList(),
                set.overlaps().stream().map(o -> new BoundarySetRepresentation.Overlap(o.first().id(), o.second().id(),
                        o.first() + " overlaps " + o.second())).toList(),
                boundaries.splitSubnets(set).stream().map(s -> s.subnet().toString()).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ReveilleApi.ADMIN)
    @APIResponses({
            @APIResponse(responseCode = "201", description = "the boundary added", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BoundaryRepresentation.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "409", ref = "Conflict"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public Response add(BoundaryDocument body, @Context SecurityContext security, @Context UriInfo uri) {
        Boundary added = boundaries.add(body.toCommand(), origin.actor());
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(added.id())).build())
                .entity(BoundaryRepresentation.of(added)).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(ReveilleApi.ADMIN)
    @APIResponses({
            @APIResponse(responseCode = "204", description = "removed"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound"),
            @APIResponse(responseCode = "409", ref = "Conflict")
    })
    public Response remove(@PathParam("id") long id, @Context SecurityContext security) {
        boundaries.remove(id, origin.actor());
        return Response.noContent().build();
    }
}
