package org.reveille.interfaces.rest.wake;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.reveille.application.WakeJobService;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.interfaces.rest.ReveilleApi;

/** GET /api/jobs/{id}: a wake job, what it asked for and where it stands. */
@RequestScoped
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR, ReveilleApi.INVENTORY})
public class JobResource {

    @Inject
    private WakeJobService jobs;

    @GET
    @Path("/{id}")
    public JsonObject get(@PathParam("id") long id) {
        WakeJob job = jobs.find(id).orElseThrow(() -> new NotFoundException("No wake job " + id));
        JsonArrayBuilder items = Json.createArrayBuilder();
        job.items().forEach(item -> items.add(Json.createObjectBuilder()
                .add("kind", item.kind().name().toLowerCase()).add("value", item.item())));
        return Json.createObjectBuilder()
                .add("id", job.id())
                .add("source", job.source().name().toLowerCase())
                .add("requestedBy", job.requestedBy() == null ? "" : job.requestedBy())
                .add("state", job.state().name().toLowerCase())
                .add("verify", job.verify())
                .add("items", items)
                .add("createdAt", job.createdAt().toString())
                .add("updatedAt", job.updatedAt().toString())
                .build();
    }
}
