package org.reveille.interfaces.rest.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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
import org.reveille.domain.model.boundary.Boundary;
import org.reveille.interfaces.json.BoundaryDocument;
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

    @GET
    @RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
    public JsonObject list() {
        BoundarySet set = boundaries.current();
        JsonArrayBuilder items = Json.createArrayBuilder();
        set.boundaries().forEach(b -> items.add(json(b)));
        JsonArrayBuilder merged = Json.createArrayBuilder();
        set.merged().forEach(r -> merged.add(r.toString()));
        JsonArrayBuilder overlaps = Json.createArrayBuilder();
        set.overlaps().forEach(o -> overlaps.add(Json.createObjectBuilder()
                .add("first", o.first().id()).add("second", o.second().id())
                .add("detail", o.first() + " overlaps " + o.second())));
        JsonArrayBuilder split = Json.createArrayBuilder();
        boundaries.splitSubnets(set).forEach(s -> split.add(s.subnet().toString()));
        return Json.createObjectBuilder()
                .add("items", items)
                .add("merged", merged)
                .add("overlaps", overlaps)
                .add("splitSubnets", split)
                .build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ReveilleApi.ADMIN)
    public Response add(BoundaryDocument body, @Context SecurityContext security, @Context UriInfo uri) {
        Boundary added = boundaries.add(body.toCommand(), security.getUserPrincipal().getName());
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(added.id())).build()).entity(json(added)).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(ReveilleApi.ADMIN)
    public Response remove(@PathParam("id") long id, @Context SecurityContext security) {
        boundaries.remove(id, security.getUserPrincipal().getName());
        return Response.noContent().build();
    }

    private static JsonObject json(Boundary b) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", b.id())
                .add("kind", b.kind().name().toLowerCase())
                .add(b.kind() == Boundary.Kind.SUBNET ? "subnet" : "range",
                        b.kind() == Boundary.Kind.SUBNET ? b.cidr().toString() : b.range().toString())
                .add("source", b.source())
                .add("createdAt", b.createdAt().toString());
        if (b.description() != null) {
            json.add("description", b.description());
        }
        if (b.createdBy() != null) {
            json.add("createdBy", b.createdBy());
        }
        return json.build();
    }
}
