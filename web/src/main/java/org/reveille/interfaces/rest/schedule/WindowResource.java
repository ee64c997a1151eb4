package org.reveille.interfaces.rest.schedule;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.reveille.application.MaintenanceWindows;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.schedule.MaintenanceWindow;
import org.reveille.domain.model.schedule.WindowDefinition;
import org.reveille.interfaces.json.WindowDocument;
import org.reveille.interfaces.rest.Caller;
import org.reveille.interfaces.rest.PageRepresentation;
import org.reveille.interfaces.rest.Paging;
import org.reveille.interfaces.rest.ReveilleApi;

/**
 * Maintenance windows of collections (docs/api.md, "Maintenance windows"): create, list (?collection=), read, replace,
 * delete, the next openings. Every role may create and read; a window is changed by the user who created it or an admin.
 */
@RequestScoped
@Path("/windows")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR, ReveilleApi.INVENTORY})
public class WindowResource {

    @Inject
    private MaintenanceWindows windows;

    @Inject
    private Caller origin;

    @Inject
    private Clock clock;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponses({
            @APIResponse(responseCode = "201", description = "the window", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleRepresentations.Window.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "409", ref = "Conflict"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public Response create(WindowDocument body, @Context UriInfo uri) {
        MaintenanceWindow created = windows.create(definition(body), origin.actor());
        return Response.created(uri.getBaseUriBuilder().path("windows").path(String.valueOf(created.id())).build())
                .entity(ScheduleRepresentations.Window.of(created, clock.instant())).build();
    }

    @GET
    @APIResponses({
            @APIResponse(responseCode = "200", description = "a page of windows, by collection and name"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public PageRepresentation<ScheduleRepresentations.Window> list(@QueryParam("collection") String collection, @QueryParam("offset") Integer offset,
                                                                   @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        Instant now = clock.instant();
        return PageRepresentation.of(windows.list(collection, paging.offset(), paging.limit()), w -> ScheduleRepresentations.Window.of(w, now));
    }

    @GET
    @Path("/{id}")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the window", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleRepresentations.Window.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public ScheduleRepresentations.Window get(@PathParam("id") long id) {
        return ScheduleRepresentations.Window.of(windows.get(id), clock.instant());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the window as replaced", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleRepresentations.Window.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound"),
            @APIResponse(responseCode = "409", ref = "Conflict"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public ScheduleRepresentations.Window replace(@PathParam("id") long id, WindowDocument body) {
        windows.update(id, definition(body), origin.actor(), origin.admin());
        return get(id);
    }

    @DELETE
    @Path("/{id}")
    @APIResponses({
            @APIResponse(responseCode = "204", description = "deleted"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public Response delete(@PathParam("id") long id) {
        windows.delete(id, origin.actor(), origin.admin());
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/next")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the next openings and when each closes", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleRepresentations.FiringTimes.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public ScheduleRepresentations.FiringTimes next(@PathParam("id") long id, @QueryParam("count") Integer count) {
        int n = ScheduleResource.count(count);
        MaintenanceWindow window = windows.get(id);
        ZoneId zone = ZoneId.of(window.timeZone());
        List<ScheduleRepresentations.FiringTime> openings = new ArrayList<>();
        Instant after = clock.instant();
        for (int i = 0; i < n; i++) {
            Optional<Instant> opening = window.nextOpening(after);
            if (opening.isEmpty()) {
                break;
            }
            openings.add(ScheduleRepresentations.FiringTime.of(opening.get(), zone, opening.get().plus(window.duration())));
            after = opening.get();
        }
        return new ScheduleRepresentations.FiringTimes(zone.getId(), openings);
    }

    private static WindowDefinition definition(WindowDocument body) {
        if (body == null) {
            throw new InvalidInputException("", "the request body must be a JSON object");
        }
        return body.toCommand();
    }
}
