package org.reveille.interfaces.rest.manager;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.reveille.application.AgentStateManager;
import org.reveille.application.SettingsService;
import org.reveille.domain.model.settings.Settings;
import org.reveille.domain.model.subnet.PollRecord;
import org.reveille.infrastructure.agent.AgentStateManagerTimer;
import org.reveille.interfaces.rest.ReveilleApi;

/** GET /api/agent-state-manager: last and next poll and what the last one did; POST .../poll runs one now. */
@RequestScoped
@Path("/agent-state-manager")
@Produces(MediaType.APPLICATION_JSON)
public class AgentStateManagerResource {

    @Inject
    private AgentStateManager manager;

    @Inject
    private AgentStateManagerTimer timer;

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
        return json(manager.poll(AgentStateManager.Trigger.MANUAL));
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
