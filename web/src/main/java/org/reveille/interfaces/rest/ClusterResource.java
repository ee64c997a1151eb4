package org.reveille.interfaces.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.reveille.application.port.ClusterView;

/**
 * GET /api/cluster: the node that answers and the Reveille servers it is clustered with (docs/cluster.md, "The
 * nodes"). A single server answers with itself alone and {@code clustered: false}.
 */
@RequestScoped
@Path("/cluster")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
public class ClusterResource {

    /** The cluster as the answering node sees it. */
    @JsonbPropertyOrder({"node", "clustered", "coordinator", "members"})
    public record ClusterRepresentation(String node, boolean clustered, String coordinator, List<String> members) {
    }

    @Inject
    private ClusterView cluster;

    @GET
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the answering node and the members of its cluster",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClusterRepresentation.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public ClusterRepresentation cluster() {
        ClusterView.Membership now = cluster.membership();
        return new ClusterRepresentation(now.node(), now.clustered(), now.coordinator(), now.members());
    }
}
