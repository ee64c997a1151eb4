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
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.reveille.application.ScheduleService;
import org.reveille.application.WakeService;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.schedule.FiringCalendar;
import org.reveille.domain.model.schedule.ScheduleDefinition;
import org.reveille.domain.model.schedule.WakeSchedule;
import org.reveille.interfaces.json.ScheduleDocument;
import org.reveille.interfaces.rest.Caller;
import org.reveille.interfaces.rest.EnumParameter;
import org.reveille.interfaces.rest.PageRepresentation;
import org.reveille.interfaces.rest.Paging;
import org.reveille.interfaces.rest.ReveilleApi;
import org.reveille.interfaces.rest.wake.WakeAcceptedRepresentation;

/**
 * Wake schedules (docs/api.md, "Schedules"): create, list, read, replace, delete; pause and resume; run now; the next
 * firings and the firings so far; a preview of a definition not stored. Every role may create and read; a schedule is
 * changed by the user who created it or by an admin (403 for others).
 */
@RequestScoped
@Path("/schedules")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR, ReveilleApi.INVENTORY})
public class ScheduleResource {

    private static final int DEFAULT_PREVIEW = 10;

    @Inject
    private ScheduleService schedules;

    @Inject
    private Caller origin;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponses({
            @APIResponse(responseCode = "201", description = "the schedule", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleRepresentations.Schedule.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "409", ref = "Conflict"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public Response create(ScheduleDocument body, @Context UriInfo uri) {
        WakeSchedule created = schedules.create(definition(body), origin.actor());
        return Response.created(uri.getBaseUriBuilder().path("schedules").path(String.valueOf(created.id())).build())
                .entity(ScheduleRepresentations.Schedule.of(schedules.get(created.id()))).build();
    }

    @GET
    @APIResponses({
            @APIResponse(responseCode = "200", description = "a page of schedules, by name"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public PageRepresentation<ScheduleRepresentations.Schedule> list(@QueryParam("state") String state, @QueryParam("offset") Integer offset,
                                                                     @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        return PageRepresentation.of(schedules.list(EnumParameter.parse(WakeSchedule.State.class, "state", state), paging.offset(), paging.limit()),
                ScheduleRepresentations.Schedule::of);
    }

    @GET
    @Path("/{id}")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the schedule with its last firing", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleRepresentations.Schedule.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public ScheduleRepresentations.Schedule get(@PathParam("id") long id) {
        return ScheduleRepresentations.Schedule.of(schedules.get(id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the schedule as replaced; its next firing computed again from now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleRepresentations.Schedule.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound"),
            @APIResponse(responseCode = "409", ref = "Conflict"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public ScheduleRepresentations.Schedule replace(@PathParam("id") long id, ScheduleDocument body) {
        schedules.update(id, definition(body), origin.actor(), origin.admin());
        return get(id);
    }

    @DELETE
    @Path("/{id}")
    @APIResponses({
            @APIResponse(responseCode = "204", description = "deleted, with its firings; its jobs stay"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public Response delete(@PathParam("id") long id) {
        schedules.delete(id, origin.actor(), origin.admin());
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/pause")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the schedule, paused", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleRepresentations.Schedule.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound"),
            @APIResponse(responseCode = "409", ref = "Conflict")
    })
    public ScheduleRepresentations.Schedule pause(@PathParam("id") long id) {
        schedules.pause(id, origin.actor(), origin.admin());
        return get(id);
    }

    @POST
    @Path("/{id}/resume")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the schedule, active again from now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleRepresentations.Schedule.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound"),
            @APIResponse(responseCode = "409", ref = "Conflict")
    })
    public ScheduleRepresentations.Schedule resume(@PathParam("id") long id) {
        schedules.resume(id, origin.actor(), origin.admin());
        return get(id);
    }

    @POST
    @Path("/{id}/run")
    @APIResponses({
            @APIResponse(responseCode = "202", description = "a firing now: its wake job is recorded and queued", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WakeAcceptedRepresentation.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound"),
            @APIResponse(responseCode = "409", ref = "Conflict")
    })
    public Response run(@PathParam("id") long id, @Context UriInfo uri) {
        WakeService.Submitted submitted = schedules.runNow(id, origin.actor(), origin.admin());
        return Response.accepted(WakeAcceptedRepresentation.of(submitted))
                .location(uri.getBaseUriBuilder().path("jobs").path(String.valueOf(submitted.jobId())).build()).build();
    }

    @GET
    @Path("/{id}/next")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the next firings (none while paused or ended)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleRepresentations.FiringTimes.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public ScheduleRepresentations.FiringTimes next(@PathParam("id") long id, @QueryParam("count") Integer count) {
        ZoneId zone = ZoneId.of(schedules.get(id).schedule().timeZone());
        return times(zone, schedules.next(id, count(count)));
    }

    @GET
    @Path("/{id}/firings")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "a page of the schedule's firings, newest due first"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public PageRepresentation<ScheduleRepresentations.Firing> firings(@PathParam("id") long id, @QueryParam("offset") Integer offset,
                                                                      @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        return PageRepresentation.of(schedules.firings(id, paging.offset(), paging.limit()), ScheduleRepresentations.Firing::of);
    }

    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the next firings the definition would have from now; nothing is stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleRepresentations.FiringTimes.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public ScheduleRepresentations.FiringTimes preview(ScheduleDocument body, @QueryParam("count") Integer count) {
        if (body == null) {
            throw new InvalidInputException("", "the request body must be a JSON object");
        }
        FiringCalendar calendar = body.calendar();
        return times(calendar.zone(), schedules.preview(calendar, count(count)));
    }

    private static ScheduleDefinition definition(ScheduleDocument body) {
        if (body == null) {
            throw new InvalidInputException("", "the request body must be a JSON object");
        }
        return body.toCommand();
    }

    static int count(Integer count) {
        int n = count == null ? DEFAULT_PREVIEW : count;
        if (n < 1 || n > ScheduleService.MAX_PREVIEW) {
            throw new InvalidInputException("count", "must be from 1 to " + ScheduleService.MAX_PREVIEW);
        }
        return n;
    }

    private static ScheduleRepresentations.FiringTimes times(ZoneId zone, List<Instant> firings) {
        return new ScheduleRepresentations.FiringTimes(zone.getId(), firings.stream().map(at -> ScheduleRepresentations.FiringTime.of(at, zone, null)).toList());
    }
}
