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
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.reveille.application.ConcurrentWrites;
import org.reveille.application.Ipv6Links;
import org.reveille.domain.model.subnet.LinkPrefix;
import org.reveille.domain.model.subnet.LinkPrefixes;
import org.reveille.domain.model.subnet.SubnetPairing;
import org.reveille.interfaces.json.Ipv6PrefixesDocument;
import org.reveille.interfaces.rest.Caller;
import org.reveille.interfaces.rest.ReveilleApi;
import org.reveille.net.Cidr;

/**
 * The IPv6 prefixes of the subnets' links (docs/api.md, "IPv6 links"; docs/network.md, "IPv6"): GET
 * /api/subnets/ipv6-prefixes (admin, operator; every prefix, or ?subnet= for one subnet's) and PUT (admin: replace one
 * subnet's prefixes with an administrator's).
 */
@RequestScoped
@Path("/subnets/ipv6-prefixes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
public class Ipv6LinksResource {

    /** One prefix: the subnet whose link it is, who said so ({@code agent} or {@code admin}) and when. */
    public record PrefixRepresentation(String prefix, String subnet, String source, String updatedAt) {

        static PrefixRepresentation of(LinkPrefix p) {
            return new PrefixRepresentation(p.prefix().toString(), p.subnet().toString(),
                    p.source().name().toLowerCase(java.util.Locale.ROOT), p.updatedAt().toString());
        }
    }

    /** The prefixes, by prefix. */
    public record PrefixList(List<PrefixRepresentation> items) {
    }

    /** One subnet's prefixes as an administrator set them. */
    public record SubnetPrefixes(String subnet, List<String> prefixes) {
    }

    @Inject
    private Ipv6Links links;

    @Inject
    private Caller origin;

    @GET
    @APIResponses({
            @APIResponse(responseCode = "200", description = "every known IPv6 link prefix, by prefix; with ?subnet=, that subnet's"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public PrefixList list(@QueryParam("subnet") String subnet) {
        List<LinkPrefix> prefixes;
        if (subnet != null) {
            Cidr cidr = SubnetPairing.of(subnet, List.of()).subnet();
            prefixes = links.of(List.of(cidr)).getOrDefault(cidr, List.of());
        } else {
            prefixes = links.all();
        }
        return new PrefixList(prefixes.stream().sorted(Comparator.comparing(LinkPrefix::prefix)).map(PrefixRepresentation::of).toList());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ReveilleApi.ADMIN)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the subnet's IPv6 prefixes as set (audited subnet-ipv6-prefixes-changed)",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubnetPrefixes.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "409", ref = "Conflict"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public SubnetPrefixes set(Ipv6PrefixesDocument body) {
        LinkPrefixes wanted = body.toCommand();
        LinkPrefixes set = ConcurrentWrites.retrying("IPv6 prefixes of " + wanted.subnet(), () -> links.set(wanted, origin.actor()));
        return new SubnetPrefixes(set.subnet().toString(), set.prefixes().stream().map(Object::toString).toList());
    }
}
