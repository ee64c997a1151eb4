package org.reveille.interfaces.rest.agentlist;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Locale;
import org.reveille.application.AgentListQuery;
import org.reveille.application.AgentListQuery.SubnetView;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.agent.Agent;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.domain.model.subnet.SubnetState;
import org.reveille.interfaces.rest.Paging;
import org.reveille.interfaces.rest.ReveilleApi;

/** GET /api/subnets (paged, ?state=), GET /api/subnets/{id}, GET /api/agents (paged, ?role=): the agent list. */
@RequestScoped
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
public class AgentListResource {

    @Inject
    private AgentListQuery agentList;

    @GET
    @Path("subnets")
    public JsonObject subnets(@QueryParam("state") String state, @QueryParam("offset") Integer offset,
                              @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        var page = agentList.subnets(parse(SubnetState.class, "state", state), paging.offset(), paging.limit());
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.items().forEach(v -> items.add(json(v)));
        return Json.createObjectBuilder().add("items", items).add("total", page.total())
                .add("offset", page.offset()).add("limit", page.limit()).build();
    }

    @GET
    @Path("subnets/{id}")
    public JsonObject subnet(@PathParam("id") long id) {
        return agentList.subnet(id).map(AgentListResource::json)
                .orElseThrow(() -> new NotFoundException("No subnet with id " + id));
    }

    @GET
    @Path("agents")
    public JsonObject agents(@QueryParam("role") String role, @QueryParam("offset") Integer offset,
                             @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        var page = agentList.agents(parse(AgentRole.class, "role", role), paging.offset(), paging.limit());
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.items().forEach(a -> items.add(agent(a).add("subnet", a.subnet().cidr().toString()).add("subnetId", a.subnet().id())));
        return Json.createObjectBuilder().add("items", items).add("total", page.total())
                .add("offset", page.offset()).add("limit", page.limit()).build();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "unknown " + field + " '" + text + "'");
        }
    }

    private static JsonObject json(SubnetView view) {
        Subnet s = view.subnet();
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", s.id())
                .add("subnet", s.cidr().toString())
                .add("network", s.cidr().networkAddress().toString())
                .add("mask", s.cidr().mask().toString())
                .add("state", s.state().name().toLowerCase(Locale.ROOT))
                .add("agents", view.agents())
                .add("createdAt", s.createdAt().toString());
        put(json, "lastContactAt", s.lastContactAt());
        put(json, "unreachableSince", s.unreachableSince());
        if (view.primary() != null) {
            json.add("primary", agent(view.primary()));
        }
        if (view.alternate() != null) {
            json.add("alternate", agent(view.alternate()));
        }
        return json.build();
    }

    private static JsonObjectBuilder agent(Agent a) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", a.id())
                .add("machineName", a.machineName())
                .add("address", a.address().toString())
                .add("role", a.role().name().toLowerCase(Locale.ROOT))
                .add("protocolVersion", a.protocolVersion())
                .add("secure", a.secure())
                .add("registeredAt", a.registeredAt().toString())
                .add("lastSeenAt", a.lastSeenAt().toString());
        if (a.mac() != null) {
            json.add("mac", a.mac().toString());
        }
        return json;
    }

    private static void put(JsonObjectBuilder json, String name, Instant value) {
        if (value != null) {
            json.add(name, value.toString());
        }
    }
}
