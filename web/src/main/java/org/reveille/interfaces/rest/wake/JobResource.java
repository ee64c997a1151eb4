package org.reveille.interfaces.rest.wake;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
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
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.reveille.application.WakeJobQuery;
import org.reveille.application.WakeJobQuery.Counts;
import org.reveille.application.WakeJobQuery.JobView;
import org.reveille.application.WakeService;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.domain.model.wake.WakeJobItem;
import org.reveille.domain.model.wake.WakeRequest;
import org.reveille.domain.model.wake.WakeTarget;
import org.reveille.interfaces.rest.EnumParameter;
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

    @Inject
    private WakeService wake;

    @Inject
    private WakeJobQuery jobs;

    @POST
    @Path("wake")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response wake(JsonValue body, @Context SecurityContext caller, @Context UriInfo uri) {
        WakeRequest request = WakeRequest.fromJson(body);
        WakeService.Submitted submitted = wake.submitRetrying(request, WakeJob.Source.REST, caller.getUserPrincipal().getName());
        JsonObject json = Json.createObjectBuilder().add("jobId", submitted.jobId())
                .add("location", "/api/jobs/" + submitted.jobId())
                .add("queued", submitted.queued()).add("skipped", submitted.skipped()).add("subnets", submitted.subnets()).build();
        return Response.accepted(json).location(uri.getBaseUriBuilder().path("jobs").path(String.valueOf(submitted.jobId())).build()).build();
    }

    @GET
    @Path("jobs")
    public JsonObject list(@QueryParam("state") String state, @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        var page = jobs.jobs(EnumParameter.parse(WakeJob.State.class, "state", state), paging.offset(), paging.limit());
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.items().forEach(view -> items.add(summary(view)));
        return Json.createObjectBuilder().add("items", items).add("total", page.total())
                .add("offset", page.offset()).add("limit", page.limit()).build();
    }

    @GET
    @Path("jobs/{id}")
    public JsonObject get(@PathParam("id") long id) {
        JobView view = jobs.job(id).orElseThrow(() -> new NotFoundException("No wake job " + id));
        var targets = jobs.targets(id, null, 0, INLINE_TARGETS);
        JsonArrayBuilder list = Json.createArrayBuilder();
        targets.items().forEach(t -> list.add(target(t)));
        var requested = jobs.items(id, 0, INLINE_ITEMS);
        return summary(view).add("items", items(requested.items())).add("itemsTotal", requested.total())
                .add("targets", list).add("targetsShown", targets.items().size()).build();
    }

    @GET
    @Path("jobs/{id}/items")
    public JsonObject items(@PathParam("id") long id, @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        requireJob(id);
        Paging paging = Paging.of(offset, limit);
        var page = jobs.items(id, paging.offset(), paging.limit());
        return Json.createObjectBuilder().add("items", items(page.items())).add("total", page.total())
                .add("offset", page.offset()).add("limit", page.limit()).build();
    }

    private void requireJob(long id) {
        if (!jobs.exists(id)) {
            throw new NotFoundException("No wake job " + id);
        }
    }

    private static JsonArrayBuilder items(List<WakeJobItem> requested) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        requested.forEach(item -> items.add(Json.createObjectBuilder()
                .add("kind", item.kind().name().toLowerCase(Locale.ROOT)).add("value", item.item())));
        return items;
    }

    @GET
    @Path("jobs/{id}/targets")
    public JsonObject targets(@PathParam("id") long id, @QueryParam("state") String state,
                              @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        requireJob(id);
        Paging paging = Paging.of(offset, limit);
        var page = jobs.targets(id, EnumParameter.parse(TargetState.class, "state", state), paging.offset(), paging.limit());
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.items().forEach(t -> items.add(target(t)));
        return Json.createObjectBuilder().add("items", items).add("total", page.total())
                .add("offset", page.offset()).add("limit", page.limit()).build();
    }

    @DELETE
    @Path("jobs/{id}")
    public JsonObject cancel(@PathParam("id") long id, @Context SecurityContext caller) {
        wake.cancelRetrying(id, caller.getUserPrincipal().getName());
        return summary(jobs.job(id).orElseThrow()).build();
    }

    private static JsonObjectBuilder summary(JobView view) {
        WakeJob job = view.job();
        Counts counts = view.counts();
        JsonObjectBuilder byState = Json.createObjectBuilder();
        for (TargetState state : TargetState.values()) {
            byState.add(state.name().toLowerCase(Locale.ROOT), counts.of(state));
        }
        byState.add("notConfirmed", counts.notConfirmed());
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", job.id())
                .add("source", job.source().name().toLowerCase(Locale.ROOT))
                .add("requestedBy", job.requestedBy() == null ? "" : job.requestedBy())
                .add("state", job.state().name().toLowerCase(Locale.ROOT))
                .add("verify", job.verify())
                .add("secureOn", job.secureOnPassword() != null)
                .add("total", counts.total())
                .add("counts", byState)
                .add("createdAt", job.createdAt().toString())
                .add("updatedAt", job.updatedAt().toString());
        put(json, "notBefore", job.notBefore());
        put(json, "finishedAt", job.finishedAt());
        if (job.cancelledBy() != null) {
            json.add("cancelledBy", job.cancelledBy());
        }
        return json;
    }

    private static JsonObjectBuilder target(WakeTarget t) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", t.id())
                .add("requestedAs", t.requestedAs())
                .add("state", t.state().name().toLowerCase(Locale.ROOT))
                .add("attempts", t.attempts())
                .add("updatedAt", t.updatedAt().toString());
        put(json, "resourceId", t.resourceId());
        put(json, "machineName", t.machineName());
        put(json, "mac", t.mac());
        put(json, "ip", t.ip());
        put(json, "subnet", t.subnet());
        put(json, "reason", t.reason());
        put(json, "lastError", t.state() == TargetState.QUEUED ? t.lastError() : null);
        put(json, "sentBy", t.sentBy());
        // a dispatched target may hold the time its agent reported it sent while the agent is not recorded yet
        put(json, "sentAt", t.state() == TargetState.DISPATCHED ? null : t.sentAt());
        return json;
    }

    private static void put(JsonObjectBuilder json, String name, Object value) {
        if (value != null) {
            json.add(name, value instanceof Instant instant ? instant.toString() : value.toString());
        }
    }
}
