package org.reveille.interfaces.rest.agentlist;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Locale;
import org.reveille.application.AgentListQuery;
import org.reveille.application.AgentRegistry;
import org.reveille.application.AgentCheck;
import org.reveille.application.ProxyHandover;
import org.reveille.application.AgentListQuery.SubnetView;
import org.reveille.application.SubnetService;
import org.reveille.net.Cidr;
import org.reveille.net.InvalidAddressException;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.agent.Agent;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.domain.model.subnet.SubnetState;
import org.reveille.interfaces.rest.EnumParameter;
import org.reveille.interfaces.rest.Paging;
import org.reveille.interfaces.rest.ReveilleApi;

/**
 * The agent list: GET|POST /api/subnets (paged, ?state=, ?q= address prefix or agent name), GET|DELETE /api/subnets/{id},
 * POST /api/subnets/{id}/rescan, POST /api/subnets/{id}/check, DELETE /api/subnets/{id}/primary|alternate, GET /api/agents (paged, ?role=),
 * DELETE /api/agents/{id}.
 */
@RequestScoped
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
public class AgentListResource {

    @Inject
    private AgentListQuery agentList;

    @Inject
    private AgentCheck checks;

    @Inject
    private SubnetService subnets;

    @Inject
    private AgentRegistry registry;

    @Inject
    private ProxyHandover handover;

    @GET
    @Path("subnets")
    public JsonObject subnets(@QueryParam("state") String state, @QueryParam("q") String q, @QueryParam("offset") Integer offset,
                              @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        if (q != null && org.reveille.domain.model.Text.length(q) > 255) {
            throw new InvalidInputException("q", "must be at most 255 characters");
        }
        var page = agentList.subnets(EnumParameter.parse(SubnetState.class, "state", state), q, paging.offset(), paging.limit());
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

    @POST
    @Path("subnets")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ReveilleApi.ADMIN)
    public Response add(JsonValue body, @Context UriInfo uri) {
        if (!(body instanceof JsonObject json) || !(json.get("subnet") instanceof JsonString text)) {
            throw new InvalidInputException("subnet", "the body must be {\"subnet\": \"10.20.5.0/24\"}");
        }
        for (String member : json.keySet()) {
            if (!member.equals("subnet")) {
                throw new InvalidInputException(member, "unknown member; expected subnet");
            }
        }
        Cidr cidr;
        try {
            cidr = Cidr.parse(text.getString());
        } catch (InvalidAddressException e) {
            throw new InvalidInputException("subnet", e.getMessage());
        }
        Subnet subnet = subnets.addRetrying(cidr);
        return Response.created(uri.getBaseUriBuilder().path("subnets").path(String.valueOf(subnet.id())).build())
                .entity(subnet(subnet.id())).build();
    }

    @POST
    @Path("subnets/{id}/rescan")
    @RolesAllowed(ReveilleApi.ADMIN)
    public Response rescan(@PathParam("id") long id) {
        subnets.rescanRetrying(id);
        return Response.accepted(Json.createObjectBuilder().add("subnetId", id).add("queued", true).build()).build();
    }

    /**
     * Check agents: asks the subnet's Primary and Alternate for their status now (admins and operators). 200 with one
     * entry per proxy: reachable, round trip, what the agent says of itself, or why it did not answer; 404.
     */
    @POST
    @Path("subnets/{id}/check")
    public JsonObject check(@PathParam("id") long id) {
        AgentCheck.Report report = checks.check(id);
        var agents = Json.createArrayBuilder();
        for (AgentCheck.Result r : report.results()) {
            var json = Json.createObjectBuilder()
                    .add("role", r.role().name().toLowerCase(Locale.ROOT))
                    .add("agentId", r.agent().id())
                    .add("machineName", r.agent().machineName())
                    .add("address", r.agent().address().toString())
                    .add("reachable", r.reachable())
                    .add("roundTripMillis", r.roundTripMillis());
            r.status().ifPresent(status -> json.add("reportedRole", status.role().name().toLowerCase(Locale.ROOT))
                    .add("uptimeSeconds", status.uptimeMillis() / 1000).add("packetsSent", status.packetsSent())
                    .add("protocolVersion", status.protocolVersion()));
            if (!r.problem().isEmpty()) {
                json.add("problem", r.problem());
            }
            agents.add(json);
        }
        return Json.createObjectBuilder().add("subnetId", id).add("subnet", report.subnet().cidr().toString())
                .add("agents", agents).build();
    }

    @DELETE
    @Path("subnets/{id}")
    @RolesAllowed(ReveilleApi.ADMIN)
    public Response remove(@PathParam("id") long id) {
        subnets.remove(id);
        return Response.noContent().build();
    }

    /**
     * De-registers an agent: it leaves the agent list and is told so; a Primary's living Alternate is promoted;
     * unless {@code rescan=false}, the subnet is rediscovered at once to recruit the missing proxy.
     */
    @DELETE
    @Path("agents/{id}")
    @RolesAllowed(ReveilleApi.ADMIN)
    public Response deregister(@PathParam("id") long id, @QueryParam("rescan") @DefaultValue("true") boolean rescan,
                               @Context SecurityContext caller) {
        handover.deregister(id, caller.getUserPrincipal().getName(), rescan);
        return Response.noContent().build();
    }

    /** De-registers the subnet's Primary or Alternate (404 when it has none). */
    @DELETE
    @Path("subnets/{id}/{role: primary|alternate}")
    @RolesAllowed(ReveilleApi.ADMIN)
    public Response deregisterProxy(@PathParam("id") long id, @PathParam("role") String role,
                                    @QueryParam("rescan") @DefaultValue("true") boolean rescan, @Context SecurityContext caller) {
        AgentRole wanted = AgentRole.valueOf(role.toUpperCase(Locale.ROOT));
        Agent agent = registry.proxy(id, wanted)
                .orElseThrow(() -> new NotFoundException("Subnet " + id + " has no " + role + " agent"));
        return deregister(agent.id(), rescan, caller);
    }

    @GET
    @Path("agents")
    public JsonObject agents(@QueryParam("role") String role, @QueryParam("offset") Integer offset,
                             @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        var page = agentList.agents(EnumParameter.parse(AgentRole.class, "role", role), paging.offset(), paging.limit());
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.items().forEach(a -> items.add(agent(a).add("subnet", a.subnet().cidr().toString()).add("subnetId", a.subnet().id())));
        return Json.createObjectBuilder().add("items", items).add("total", page.total())
                .add("offset", page.offset()).add("limit", page.limit()).build();
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
        put(json, "discoveryQueuedAt", s.discoveryQueuedAt());
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
