package org.reveille.interfaces.rest.inventory;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.INVENTORY})
    public Response put(@PathParam("name") String name, JsonValue body, @Context SecurityContext caller) {
        List<Violation> violations = new ArrayList<>();
        if (name.isBlank() || Text.length(name) > MAX_NAME) {
            violations.add(new Violation("name", "a collection name has 1-" + MAX_NAME + " characters"));
        } else if (Text.problem(name) != null) {
            violations.add(new Violation("name", Text.problem(name)));
        }
        Set<String> members = new LinkedHashSet<>();
        if (!(body instanceof JsonObject json) || !(json.get("members") instanceof JsonArray array)) {
            violations.add(new Violation("members", "the body must be {\"members\": [\"resource id\", ...]}"));
        } else {
            json.keySet().stream().filter(k -> !k.equals("members"))
                    .forEach(k -> violations.add(new Violation(k, "unknown member; expected members")));
            for (int i = 0; i < array.size(); i++) {
                String member = array.get(i) instanceof JsonString text ? text.getString().trim() : "";
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
        boolean created = collections.putRetrying(name, members, caller.getUserPrincipal().getName());
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(get(name)).build();
    }

    @GET
    @Path("/{name}")
    public JsonObject get(@PathParam("name") String name) {
        var view = collections.view(name).orElseThrow(() -> new NotFoundException("No collection named '" + name + "'"));
        JsonArrayBuilder members = Json.createArrayBuilder();
        view.collection().members().stream().sorted().forEach(members::add);
        JsonArrayBuilder missing = Json.createArrayBuilder();
        view.missing().forEach(missing::add);
        return Json.createObjectBuilder().add("name", view.collection().name()).add("members", members)
                .add("size", view.collection().members().size()).add("notInInventory", missing)
                .add("updatedAt", view.collection().updatedAt().toString()).build();
    }

    @GET
    public JsonObject list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        var page = collections.list(paging.offset(), paging.limit());
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.items().forEach(c -> items.add(Json.createObjectBuilder().add("name", c.name()).add("size", c.members().size())
                .add("updatedAt", c.updatedAt().toString())));
        return Json.createObjectBuilder().add("items", items).add("total", page.total())
                .add("offset", page.offset()).add("limit", page.limit()).build();
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.INVENTORY})
    public Response delete(@PathParam("name") String name) {
        collections.delete(name);
        return Response.noContent().build();
    }
}
