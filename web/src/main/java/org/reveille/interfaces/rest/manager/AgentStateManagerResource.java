package org.reveille.interfaces.rest.manager;

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
    public ManagerStatusRepresentation status() {
        return status(manager.last());
    }

    @POST
    @Path("/poll")
    @RolesAllowed(ReveilleApi.ADMIN)
    public ManagerStatusRepresentation poll() {
        return status(AgentStateManager.pollRetrying(manager, AgentStateManager.Trigger.MANUAL));
    }

    @GET
    @Path("/polls")
    @RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
    public PageRepresentation<PollRepresentation> history(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit);
        return PageRepresentation.of(manager.history(paging.offset(), paging.limit()), PollRepresentation::of);
    }

    private ManagerStatusRepresentation status(PollRecord record) {
        return ManagerStatusRepresentation.of(record, settings.current(), timer.nextPoll());
    }
}
