package org.reveille.interfaces.rest.agentlist;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reveille.application.AgentListQuery;
import org.reveille.application.AgentListQuery.SubnetView;
import org.reveille.application.AgentRegistry;
import org.reveille.application.AgentCheck;
import org.reveille.application.Page;
import org.reveille.application.ProxyHandover;
import org.reveille.application.SubnetPolicies;
import org.reveille.domain.model.subnet.LinkPrefix;
import org.reveille.application.SubnetService;
import org.reveille.net.Cidr;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.agent.Agent;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.domain.model.subnet.SubnetState;
import org.reveille.interfaces.rest.EnumParameter;
import org.reveille.interfaces.json.SubnetDocument;
import org.reveille.interfaces.rest.PageRepresentation;
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
    private org.reveille.application.Ipv6Links ipv6Links;

    @Inject
    private AgentListQuery agentList;

    /** Who calls, for the audit trail. */
    @Inject
    private Caller origin;

    @Inject
    private AgentCheck checks;

    @Inject
    private SubnetService subnets;

    @Inject
    private AgentRegistry registry;

    @Inject
    private ProxyHandover handover;

    @Inject
    private SubnetPolicies policies;

    @GET
    @Path("subnets")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "a page of the agent list"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public PageRepresentation<SubnetRepresentation> subnets(@QueryParam("state") String state, @QueryParam("q") String q,
            @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        if (q != null && org.reveille.domain.model.Text.length(q) > 255) {
            throw new InvalidInputException("q", "must be at most 255 characters");
        }
        Page<SubnetView> page = agentList.subnets(EnumParameter.parse(SubnetState.class, "state", state), q, paging.offset(), paging.limit());
        List<Cidr> cidrs = page.items().stream().map(v -> v.subnet().cidr()).toList();
        Map<Cidr, SubnetPolicies.Policy> policy = policies.policiesOf(cidrs);
        Map<Cidr, List<LinkPrefix>> prefixes = ipv6Links.of(cidrs);
        return PageRepresentation.of(page, view -> SubnetRepresentation.of(view, policy.get(view.subnet().cidr()),
                prefixes.getOrDefault(view.subnet().cidr(), List.of())));
    }

    @GET
    @Path("subnets/{id}")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the subnet with its Primary and Alternate", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubnetRepresentation.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public SubnetRepresentation subnet(@PathParam("id") long id) {
        return agentList.subnet(id).map(view -> SubnetRepresentation.of(view, policies.policy(view.subnet().cidr()),
                        ipv6Links.of(List.of(view.subnet().cidr())).getOrDefault(view.subnet().cidr(), List.of())))
                .orElseThrow(() -> new NotFoundException("No subnet with id " + id));
    }

    @POST
    @Path("subnets")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ReveilleApi.ADMIN)
    @APIResponses({
            @APIResponse(responseCode = "201", description = "the subnet added to the agent list", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubnetRepresentation.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "409", ref = "Conflict"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public Response add(SubnetDocument body, @Context UriInfo uri) {
        Cidr cidr = body.toCommand();
        Subnet subnet = subnets.addRetrying(cidr, origin.actor());
        return Response.created(uri.getBaseUriBuilder().path("subnets").path(String.valueOf(subnet.id())).build())
                .entity(subnet(subnet.id())).build();
    }

    @POST
    @Path("subnets/{id}/rescan")
    @RolesAllowed(ReveilleApi.ADMIN)
    @APIResponses({
            @APIResponse(responseCode = "202", description = "the subnet's rediscovery is queued", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RescanRepresentation.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound"),
            @APIResponse(responseCode = "409", ref = "Conflict")
    })
    public Response rescan(@PathParam("id") long id) {
        subnets.rescanRetrying(id, origin.actor());
        return Response.accepted(new RescanRepresentation(id, true)).build();
    }

    /**
     * Check agents: asks the subnet's Primary and Alternate for their status now (admins and operators). 200 with one
     * entry per proxy: reachable, round trip, what the agent says of itself, or why it did not answer; 404.
     */
    @POST
    @Path("subnets/{id}/check")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "what each proxy answered", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgentCheckRepresentation.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public AgentCheckRepresentation check(@PathParam("id") long id) {
        return AgentCheckRepresentation.of(id, checks.check(id));
    }

    @DELETE
    @Path("subnets/{id}")
    @RolesAllowed(ReveilleApi.ADMIN)
    @APIResponses({
            @APIResponse(responseCode = "204", description = "removed from the agent list"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound"),
            @APIResponse(responseCode = "409", ref = "Conflict")
    })
    public Response remove(@PathParam("id") long id) {
        subnets.remove(id, origin.actor());
        return Response.noContent().build();
    }

    /**
     * De-registers an agent: it leaves the agent list and is told so; a Primary's living Alternate is promoted;
     * unless {@code rescan=false}, the subnet is rediscovered at once to recruit the missing proxy.
     */
    @DELETE
    @Path("agents/{id}")
    @RolesAllowed(ReveilleApi.ADMIN)
    @APIResponses({
            @APIResponse(responseCode = "204", description = "de-registered"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound"),
            @APIResponse(responseCode = "409", ref = "Conflict")
    })
    public Response deregister(@PathParam("id") long id, @QueryParam("rescan") @DefaultValue("true") boolean rescan,
                               @Context SecurityContext caller) {
        handover.deregister(id, origin.actor(), rescan);
        return Response.noContent().build();
    }

    /** De-registers the subnet's Primary or Alternate (404 when it has none). */
    @DELETE
    @Path("subnets/{id}/{role: primary|alternate}")
    @RolesAllowed(ReveilleApi.ADMIN)
    @APIResponses({
            @APIResponse(responseCode = "204", description = "de-registered"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound"),
            @APIResponse(responseCode = "409", ref = "Conflict")
    })
    public Response deregisterProxy(@PathParam("id") long id, @PathParam("role") String role,
                                    @QueryParam("rescan") @DefaultValue("true") boolean rescan, @Context SecurityContext caller) {
        AgentRole wanted = AgentRole.valueOf(role.toUpperCase(Locale.ROOT));
        Agent agent = registry.proxy(id, wanted)
                .orElseThrow(() -> new NotFoundException("Subnet " + id + " has no " + role + " agent"));
        return deregister(agent.id(), rescan, caller);
    }

    @GET
    @Path("agents")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "a page of agents"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public PageRepresentation<AgentRepresentation> agents(@QueryParam("role") String role,
            @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        return PageRepresentation.of(agentList.agents(EnumParameter.parse(AgentRole.class, "role", role), paging.offset(),
                paging.limit()), AgentRepresentation::withSubnet);
    }
}
