package org.reveille.interfaces.rest.network;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import org.reveille.application.SubnetPolicies;
import org.reveille.domain.model.subnet.SubnetPairing;
import org.reveille.domain.model.subnet.SubnetPairingImport;
import org.reveille.interfaces.json.SubnetPairsDocument;
import org.reveille.interfaces.rest.Caller;
import org.reveille.interfaces.rest.PageRepresentation;
import org.reveille.interfaces.rest.Paging;
import org.reveille.interfaces.rest.ReveilleApi;
import org.reveille.net.Cidr;

/**
 * Paired subnets (docs/api.md, "Paired subnets"; docs/network.md): GET /api/subnet-pairs (admin, operator; ?subnet=
 * for one), PUT /api/subnet-pairs (admin: one subnet's pairs), POST /api/subnet-pairs/import (admin: CSV, all or
 * nothing).
 */
@RequestScoped
@Path("/subnet-pairs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
public class SubnetPairsResource {

    /** A subnet and its paired subnets, in the order its agents send to them. */
    public record PairsRepresentation(String subnet, List<String> paired, List<String> pairedBroadcasts) {

        static PairsRepresentation of(SubnetPairing pairing) {
            return new PairsRepresentation(pairing.subnet().toString(), pairing.paired().stream().map(Cidr::toString).toList(),
                    pairing.broadcasts().stream().map(Object::toString).toList());
        }
    }

    /** What an import did. */
    public record ImportRepresentation(int subnets, int pairs) {
    }

    @Inject
    private SubnetPolicies policies;

    @Inject
    private Caller origin;

    @GET
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the subnets with pairs, by network; with ?subnet=, that subnet's (maybe none)"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public PageRepresentation<PairsRepresentation> list(@QueryParam("subnet") String subnet, @QueryParam("offset") Integer offset,
                                                        @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        if (subnet != null) {
            SubnetPairing pairing = policies.pairing(SubnetPairing.of(subnet, List.of()).subnet());
            return new PageRepresentation<>(List.of(PairsRepresentation.of(pairing)), 1, 0, paging.limit());
        }
        return PageRepresentation.of(policies.pairings(paging.offset(), paging.limit()), PairsRepresentation::of);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ReveilleApi.ADMIN)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the subnet's pairs as replaced", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PairsRepresentation.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public PairsRepresentation replace(SubnetPairsDocument body) {
        SubnetPairing pairing = body.toCommand();
        return PairsRepresentation.of(ConcurrentWrites.retrying("Subnet pairs", () -> policies.pair(pairing, origin.actor())));
    }

    @POST
    @Path("/import")
    @Consumes("text/csv")
    @RolesAllowed(ReveilleApi.ADMIN)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "how many subnets and pairs were imported", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ImportRepresentation.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public ImportRepresentation importPairs(String csv) {
        List<SubnetPairing> pairings = SubnetPairingImport.of(PairsCsv.rows(csv));
        SubnetPolicies.Imported imported = ConcurrentWrites.retrying("Subnet pairs import", () -> policies.importPairs(pairings, origin.actor()));
        return new ImportRepresentation(imported.subnets(), imported.pairs());
    }
}
