package org.reveille.interfaces.rest.manager;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.reveille.application.AgentStateManager;
import org.reveille.application.SettingsService;
import org.reveille.domain.model.subnet.PollRecord;
import org.reveille.application.port.PollSchedule;
import org.reveille.interfaces.rest.PageRepresentation;
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
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the last and next poll", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ManagerStatusRepresentation.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public ManagerStatusRepresentation status() {
        return status(manager.last());
    }

    @POST
    @Path("/poll")
    @RolesAllowed(ReveilleApi.ADMIN)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the poll ran; the status after it", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ManagerStatusRepresentation.class))),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "409", ref = "Conflict")
    })
    public ManagerStatusRepresentation poll() {
        return status(AgentStateManager.pollRetrying(manager, AgentStateManager.Trigger.MANUAL));
    }

    @GET
    @Path("/polls")
    @RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
    @APIResponses({
            @APIResponse(responseCode = "200", description = "a page of polls, newest first"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public PageRepresentation<PollRepresentation> history(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        return PageRepresentation.of(manager.history(paging.offset(), paging.limit()), PollRepresentation::of);
    }

    private ManagerStatusRepresentation status(PollRecord record) {
        return ManagerStatusRepresentation.of(record, settings.current(), timer.nextPoll());
    }
}
