package org.reveille.interfaces.rest.network;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.reveille.application.ConcurrentWrites;
import org.reveille.application.DedicatedProxies;
import org.reveille.application.SubnetPolicies;
import org.reveille.domain.model.subnet.DedicatedAgents;
import org.reveille.domain.model.subnet.ServerDirectChange;
import org.reveille.domain.model.subnet.SubnetPairing;
import org.reveille.interfaces.json.DedicatedAgentsDocument;
import org.reveille.interfaces.json.SubnetPolicyDocument;
import org.reveille.interfaces.rest.Caller;
import org.reveille.interfaces.rest.PageRepresentation;
import org.reveille.interfaces.rest.Paging;
import org.reveille.interfaces.rest.ReveilleApi;
import org.reveille.net.Cidr;

/**
 * A subnet's policy beyond its elected agents (docs/api.md, "Subnet policies"; docs/network.md): GET
 * /api/subnet-policies (admin, operator; the subnets whose policy is not the default, or ?subnet= for one) and PUT
 * /api/subnet-policies (admin: the server-direct mode), PUT /api/subnet-policies/dedicated-agents (admin). The pairs
 * are set through /api/subnet-pairs.
 */
@RequestScoped
@Path("/subnet-policies")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
public class SubnetPoliciesResource {

    /** A subnet's policy: its paired subnets, whether the server sends its packets itself, its dedicated agents. */
    public record PolicyRepresentation(String subnet, List<String> paired, List<String> pairedBroadcasts, String serverDirect,
                                       List<String> dedicatedAgents, boolean standIn) {

        static PolicyRepresentation of(SubnetPolicies.Policy policy) {
            SubnetPairing pairing = policy.pairing();
            return new PolicyRepresentation(pairing.subnet().toString(), pairing.paired().stream().map(Cidr::toString).toList(),
                    pairing.broadcasts().stream().map(Object::toString).toList(), policy.serverDirect().wire(),
                    policy.dedicated().agents().stream().map(Object::toString).toList(), policy.dedicated().standIn());
        }
    }

    /** A subnet's dedicated agents as set. */
    public record DedicatedRepresentation(String subnet, List<String> agents, boolean standIn) {

        static DedicatedRepresentation of(DedicatedAgents dedicated) {
            return new DedicatedRepresentation(dedicated.subnet().toString(), dedicated.agents().stream().map(Object::toString).toList(),
                    dedicated.standIn());
        }
    }

    @Inject
    private SubnetPolicies policies;

    @Inject
    private DedicatedProxies dedicatedProxies;

    @Inject
    private Caller origin;

    @GET
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the subnets whose policy is not the default, by network; with ?subnet=, that subnet's"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public PageRepresentation<PolicyRepresentation> list(@QueryParam("subnet") String subnet, @QueryParam("offset") Integer offset,
                                                         @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        if (subnet != null) {
            SubnetPolicies.Policy policy = policies.policy(SubnetPairing.of(subnet, List.of()).subnet());
            return new PageRepresentation<>(List.of(PolicyRepresentation.of(policy)), 1, 0, paging.limit());
        }
        return PageRepresentation.of(policies.policies(paging.offset(), paging.limit()), PolicyRepresentation::of);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ReveilleApi.ADMIN)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the subnet's policy as changed", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyRepresentation.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public PolicyRepresentation change(SubnetPolicyDocument body) {
        ServerDirectChange change = body.toCommand();
        return PolicyRepresentation.of(ConcurrentWrites.retrying("Subnet policy",
                () -> policies.serverDirect(change.subnet(), change.serverDirect(), origin.actor())));
    }

    @PUT
    @Path("/dedicated-agents")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ReveilleApi.ADMIN)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the subnet's dedicated agents as set; the agent list follows at once",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DedicatedRepresentation.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public DedicatedRepresentation dedicate(DedicatedAgentsDocument body) {
        return DedicatedRepresentation.of(dedicatedProxies.change(body.toCommand(), origin.actor()));
    }
}
