package org.reveille.interfaces.rest.settings;

import org.reveille.interfaces.rest.Caller;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.reveille.application.SettingsService;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.settings.Setting;
import org.reveille.interfaces.json.PlainJson;
import org.reveille.interfaces.rest.ReveilleApi;

/** GET|PUT /api/settings: every run-time knob. PUT takes any subset of the members; the rest keep their value. */
@RequestScoped
@Path("/settings")
@Produces(MediaType.APPLICATION_JSON)
public class SettingsResource {

    @Inject
    private SettingsService settings;

    /** Who calls, for the audit trail. */
    @Inject
    private Caller origin;

    /** Every setting by name: a boolean, an integer or a string (docs/api.md, "Settings"). */
    @GET
    @RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
    @APIResponses({
            @APIResponse(responseCode = "200", description = "every setting, by its JSON name"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public Map<String, Object> get() {
        return settings.current().byName();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ReveilleApi.ADMIN)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the settings after the change"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden"),
            @APIResponse(responseCode = "409", ref = "Conflict"),
            @APIResponse(responseCode = "413", ref = "ContentTooLarge"),
            @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    })
    public Map<String, Object> put(JsonValue body, @Context SecurityContext security) {
        if (!(body instanceof JsonObject changes)) {
            throw new InvalidInputException("", "the body must be a JSON object of setting names and values");
        }
        return settings.update(PlainJson.object(changes), origin.actor()).byName();
    }

    /** Each setting's type, default, allowed values, unit and meaning. */
    @GET
    @Path("/catalog")
    @RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
    @APIResponses({
            @APIResponse(responseCode = "200", description = "what each setting means and accepts"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public List<SettingDescriptionRepresentation> catalog() {
        return Arrays.stream(Setting.values()).map(SettingDescriptionRepresentation::of).toList();
    }
}
