package org.reveille.interfaces.rest.wake;

import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.reveille.domain.model.wake.WakeTarget;
import org.reveille.interfaces.rest.Csv;
import org.reveille.interfaces.rest.JsonbResolver;

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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.reveille.application.WakeJobQuery;
import org.reveille.application.WakeJobQuery.JobView;
import org.reveille.application.WakeService;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.wake.WakeRequest;
import org.reveille.interfaces.json.WakeRequestDocument;
import org.reveille.interfaces.rest.EnumParameter;
import org.reveille.interfaces.rest.PageRepresentation;
import org.reveille.interfaces.rest.Paging;
import org.reveille.interfaces.rest.ReveilleApi;

/**
 * Wake requests and jobs: POST /api/wake → 202 with Location /api/jobs/{id}; GET /api/jobs (paged, ?state=);
 * GET /api/jobs/{id} (counts per state, the first targets); GET /api/jobs/{id}/targets (paged, ?state=);
 * DELETE /api/jobs/{id} cancels what has not been sent.
 */
@RequestScoped
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR, ReveilleApi.INVENTORY})
public class JobResource {

    /** Targets shown inline in GET /api/jobs/{id}; the rest through /targets. */
    private static final int INLINE_TARGETS = 1000;
    private static final int INLINE_ITEMS = 1000;
    /** Targets read per query while an export streams. */
    static final int EXPORT_PAGE = 1000;

    @Inject
    private WakeService wake;

    /** Who calls, for the audit trail. */
    @Inject
    private Caller origin;

    @Inject
    private WakeJobQuery jobs;

    @POST
    @Path("wake")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponses({
            @APIResponse(responseCode = "202", description = "the job is recorded and queued", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WakeAcceptedRepresentation.class))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "409", ref = "Conflict"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public Response wake(WakeRequestDocument body, @Context SecurityContext caller, @Context UriInfo uri) {
        if (body == null) {
            throw new InvalidInputException("", "the request body must be a JSON object");
        }
        WakeRequest request = body.toCommand();
        WakeService.Submitted submitted = wake.submitRetrying(request, WakeJob.Source.REST, origin.actor());
        WakeAcceptedRepresentation accepted = WakeAcceptedRepresentation.of(submitted);
        return Response.accepted(accepted).location(uri.getBaseUriBuilder().path("jobs").path(String.valueOf(submitted.jobId())).build()).build();
    }

    @GET
    @Path("jobs")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "a page of wake jobs, newest first"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public PageRepresentation<JobRepresentation> list(@QueryParam("state") String state, @QueryParam("offset") Integer offset,
                                                      @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        return PageRepresentation.of(jobs.jobs(EnumParameter.parse(WakeJob.State.class, "state", state), paging.offset(), paging.limit()),
                JobAssembler::summary);
    }

    @GET
    @Path("jobs/{id}")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the job with its counts", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobRepresentation.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public JobRepresentation get(@PathParam("id") long id) {
        JobView view = jobs.job(id).orElseThrow(() -> new NotFoundException("No wake job " + id));
        var targets = jobs.targets(id, null, 0, INLINE_TARGETS);
        var requested = jobs.items(id, 0, INLINE_ITEMS);
        return JobAssembler.detail(view, requested, targets);
    }

    @GET
    @Path("jobs/{id}/summary")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the job's progress in one small object and one line", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobSummaryRepresentation.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public JobSummaryRepresentation summary(@PathParam("id") long id) {
        return JobSummaryRepresentation.of(jobs.job(id).orElseThrow(() -> new NotFoundException("No wake job " + id)));
    }

    /**
     * Every target of the job with its outcome, as CSV (default) or a JSON array, streamed in pages of
     * {@value #EXPORT_PAGE} read by key: what the job is when each page is read.
     */
    @GET
    @Path("jobs/{id}/targets/export")
    @Produces({Csv.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @APIResponses({
            @APIResponse(responseCode = "200", description = "every target as CSV (RFC 4180) or a JSON array, by id",
                    content = {@Content(mediaType = Csv.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING)),
                            @Content(mediaType = MediaType.APPLICATION_JSON)}),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public Response export(@PathParam("id") long id, @QueryParam("format") String format) {
        boolean json;
        if (format == null || format.equals("csv")) {
            json = false;
        } else if (format.equals("json")) {
            json = true;
        } else {
            throw new InvalidInputException("format", "must be csv or json");
        }
        if (!jobs.exists(id)) {
            throw new NotFoundException("No wake job " + id);
        }
        StreamingOutput body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            writer.write(json ? "[" : Csv.line("id", "requestedAs", "resourceId", "machineName", "mac", "ip", "subnet", "state", "reason",
                    "attempts", "sentBy", "sentAt", "updatedAt", "paths"));
            long after = 0;
            boolean first = true;
            List<WakeTarget> page;
            do {
                page = jobs.targetsAfter(id, after, EXPORT_PAGE);
                for (WakeTarget t : page) {
                    TargetRepresentation r = JobAssembler.target(t);
                    if (json) {
                        writer.write((first ? "" : ",") + JsonbResolver.shared().toJson(r));
                    } else {
                        writer.write(Csv.line(String.valueOf(r.id()), r.requestedAs(), r.resourceId(), r.machineName(), r.mac(), r.ip(), r.subnet(),
                                r.state(), r.reason(), String.valueOf(r.attempts()), r.sentBy(), r.sentAt(), r.updatedAt(),
                                t.paths() == null ? null : t.paths().text()));
                    }
                    first = false;
                    after = t.id();
                }
            } while (page.size() == EXPORT_PAGE);
            writer.write(json ? "]" : "");
            writer.flush();
        };
        return Response.ok(body, json ? MediaType.APPLICATION_JSON + "; charset=UTF-8" : Csv.MEDIA_TYPE + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"reveille-job-" + id + "-targets." + (json ? "json" : "csv") + "\"").build();
    }

    @GET
    @Path("jobs/{id}/items")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "a page of what the request named"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public PageRepresentation<JobItemRepresentation> items(@PathParam("id") long id, @QueryParam("offset") Integer offset,
                                                           @QueryParam("limit") Integer limit) {
        requireJob(id);
        Paging paging = Paging.of(offset, limit);
        return PageRepresentation.of(jobs.items(id, paging.offset(), paging.limit()), JobAssembler::item);
    }

    private void requireJob(long id) {
        if (!jobs.exists(id)) {
            throw new NotFoundException("No wake job " + id);
        }
    }

    @GET
    @Path("jobs/{id}/targets")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "a page of the job's targets"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound")
    })
    public PageRepresentation<TargetRepresentation> targets(@PathParam("id") long id, @QueryParam("state") String state,
                                                            @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        requireJob(id);
        Paging paging = Paging.of(offset, limit);
        return PageRepresentation.of(jobs.targets(id, EnumParameter.parse(TargetState.class, "state", state), paging.offset(), paging.limit()),
                JobAssembler::target);
    }

    @DELETE
    @Path("jobs/{id}")
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the job, cancelled", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobRepresentation.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "404", ref = "NotFound"),
            @APIResponse(responseCode = "409", ref = "Conflict")
    })
    public JobRepresentation cancel(@PathParam("id") long id, @Context SecurityContext caller) {
        wake.cancelRetrying(id, origin.actor());
        return JobAssembler.summary(jobs.job(id).orElseThrow());
    }
}
