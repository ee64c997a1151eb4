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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.reveille.application.CollectionService;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Text;
import org.reveille.domain.model.Violation;
import org.reveille.interfaces.json.CollectionMembersDocument;
import org.reveille.interfaces.rest.PageRepresentation;
import org.reveille.interfaces.rest.Paging;
import org.reveille.interfaces.rest.ReveilleApi;

/**
 * PUT /api/collections/{name} {"members": [resource ids]} creates or replaces a collection (idempotent);
 * GET /api/collections/{name} shows it with the members the inventory lacks; GET /api/collections lists them;
 * DELETE removes one. Members are resource ids: a collection may name machines pushed later.
 */
@RequestScoped
@Path("/collections")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR, ReveilleApi.INVENTORY})
public class CollectionResource {

    private static final int MAX_NAME = 255;
    private static final int MAX_MEMBERS = 100_000;

    @Inject
    private CollectionService collections;

    /** Who calls, for the audit trail. */
    @Inject
    private Caller origin;

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.INVENTORY})
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the collection replaced (201 when it is new)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CollectionRepresentation.class))),
            @APIResponse(responseCode = "201", description = "the collection, new", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CollectionRepresentation.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "409", ref = "Conflict"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public Response put(@PathParam("name") String name, CollectionMembersDocument body, @Context SecurityContext caller) {
        List<Violation> violations = new ArrayList<>();
        if (name.isBlank() || Text.length(name) > MAX_NAME) {
            violations.add(new Violation("name", "a collection name has 1-" + MAX_NAME + " characters"));
        } else if (Text.problem(name) != null) {
            violations.add(new Violation("name", Text.problem(name)));
        }
        Set<String> members = new LinkedHashSet<>();
        List<String> sent = body == null ? null : body.toCommand();
        if (sent == null) {
            violations.add(new Violation("members", "the body must be {\"members\": [\"resource id\", ...]}"));
        } else {
            for (int i = 0; i < sent.size(); i++) {
                String member = sent.get(i) == null ? "" : sent.get(i).trim();
                String problem = member.isEmpty() || Text.length(member) > 128 ? "must be a resource id of 1-128 characters" : null;
                if (problem == null) {
                    problem = Text.problem(member) != null ? Text.problem(member) : Text.resourceIdProblem(member);
                }
                if (problem == null) {
                    members.add(member);
                } else {
                    violations.add(new Violation("members[" + i + "]", problem));
                }
            }
            if (members.size() > MAX_MEMBERS) {
                violations.add(new Violation("members", "at most " + MAX_MEMBERS + " members"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Invalid collection", violations);
        }
        boolean created = collections.putRetrying(name, members, origin.actor());
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(get(name)).build();
    }

    @GET
    @Path("/{name}")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the collection", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CollectionRepresentation.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public CollectionRepresentation get(@PathParam("name") String name) {
        var view = collections.view(name).orElseThrow(() -> new NotFoundException("No collection named '" + name + "'"));
        return new CollectionRepresentation(view.collection().name(), view.collection().members().stream().sorted().toList(),
                view.collection().members().size(), List.copyOf(view.missing()), view.collection().updatedAt().toString());
    }

    @GET
    @APIResponses({
            @APIResponse(responseCode = "200", description = "a page of collections"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public PageRepresentation<CollectionRepresentation> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        return PageRepresentation.of(collections.list(paging.offset(), paging.limit()),
                c -> new CollectionRepresentation(c.name(), null, c.members().size(), null, c.updatedAt().toString()));
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.INVENTORY})
    @APIResponses({
            @APIResponse(responseCode = "204", description = "deleted"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound"),
            @APIResponse(responseCode = "409", ref = "Conflict")
    })
    public Response delete(@PathParam("name") String name) {
        collections.delete(name, origin.actor());
        return Response.noContent().build();
    }
}
