package org.reveille.interfaces.rest.manager;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.reveille.application.AgentStateManager;
import org.reveille.application.Page;
import org.reveille.application.SettingsService;
import org.reveille.domain.model.settings.Settings;
import org.reveille.domain.model.subnet.PollHistoryEntry;
import org.reveille.domain.model.subnet.PollRecord;
import org.reveille.application.port.PollSchedule;
import org.reveille.interfaces.rest.Paging;
import org.reveille.interfaces.rest.ReveilleApi;

/**
 * GET /api/agent-state-manager: last and next poll and what the last one did; POST .../poll runs one now;
 * GET .../polls: the poll history of every server, newest first.
 */
@RequestScoped
@Path("/agent-state-manager")
@Produces(MediaType.APPLICATION_JSON)
public class AgentStateManagerResource {

    @Inject
    private AgentStateManager manager;

    @Inject
    private PollSchedule timer;

    @Inject
    private SettingsService settings;

    @GET
    @RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
    public JsonObject status() {
        return json(manager.last());
    }

    @POST
    @Path("/poll")
    @RolesAllowed(ReveilleApi.ADMIN)
    public JsonObject poll() {
        return json(AgentStateManager.pollRetrying(manager, AgentStateManager.Trigger.MANUAL));
    }

    @GET
    @Path("/polls")
    @RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
    public JsonObject history(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        Page<PollHistoryEntry> page = manager.history(paging.offset(), paging.limit());
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.items().forEach(p -> items.add(json(p)));
        return Json.createObjectBuilder()
                .add("items", items)
                .add("total", page.total())
                .add("offset", page.offset())
                .add("limit", page.limit())
                .build();
    }

    private static JsonObject json(PollHistoryEntry poll) {
        PollRecord.Counts counts = poll.counts();
        JsonArrayBuilder subnets = Json.createArrayBuilder();
        poll.queuedSubnets().forEach(s -> subnets.add(s.toString()));
        return Json.createObjectBuilder()
                .add("poll", poll.number())
                .add("server", poll.server())
                .add("trigger", poll.trigger())
                .add("startedAt", poll.startedAt().toString())
                .add("finishedAt", poll.finishedAt().toString())
                .add("new", counts.added()).add("stale", counts.stale()).add("deleted", counts.deleted())
                .add("queued", counts.queued()).add("remaining", counts.remaining()).add("outOfBounds", counts.outOfBounds())
                .add("queuedSubnets", subnets)
                .build();
    }

    private JsonObject json(PollRecord record) {
        Settings current = settings.current();
        PollRecord.Counts counts = record.lastCounts();
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("enabled", current.agentStateManagerEnabled())
                .add("intervalMinutes", current.agentStateManagerInterval().toMinutes())
                .add("strategy", current.discoveryStrategy() == Settings.DiscoveryStrategy.PROACTIVE ? "proactive" : "on-demand")
                .add("polls", record.polls());
        put(json, "lastPollStartedAt", record.lastStartedAt());
        put(json, "lastPollFinishedAt", record.lastFinishedAt());
        put(json, "nextPollAt", timer.nextPoll());
        if (record.lastTrigger() != null) {
            json.add("lastTrigger", record.lastTrigger()).add("lastServer", record.lastServer());
        }
        json.add("lastPoll", Json.createObjectBuilder()
                .add("new", counts.added()).add("stale", counts.stale()).add("deleted", counts.deleted())
                .add("queued", counts.queued()).add("remaining", counts.remaining()).add("outOfBounds", counts.outOfBounds()));
        return json.build();
    }

    private static void put(JsonObjectBuilder json, String name, Instant value) {
        if (value != null) {
            json.add(name, value.toString());
        }
    }
}
