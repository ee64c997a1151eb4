package org.reveille.interfaces.rest.settings;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.reveille.application.SettingsService;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.settings.Setting;
import org.reveille.interfaces.rest.ReveilleApi;

/** GET|PUT /api/settings: every run-time knob. PUT takes any subset of the members; the rest keep their value. */
@RequestScoped
@Path("/settings")
@Produces(MediaType.APPLICATION_JSON)
public class SettingsResource {

    @Inject
    private SettingsService settings;

    @GET
    @RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
    public JsonObject get() {
        return settings.current().toJson();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ReveilleApi.ADMIN)
    public JsonObject put(JsonValue body, @Context SecurityContext security) {
        if (!(body instanceof JsonObject changes)) {
            throw new InvalidInputException("", "the body must be a JSON object of setting names and values");
        }
        return settings.update(changes, security.getUserPrincipal().getName()).toJson();
    }

    /** Each setting's type, default, allowed values, unit and meaning. */
    @GET
    @Path("/catalog")
    @RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR})
    public JsonArray catalog() {
        JsonArrayBuilder catalog = Json.createArrayBuilder();
        for (Setting setting : Setting.values()) {
            JsonObjectBuilder entry = Json.createObjectBuilder()
                    .add("name", setting.jsonName())
                    .add("type", setting.kind().name().toLowerCase())
                    .add("default", setting.defaultValue().toString())
                    .add("allowed", setting.allowed())
                    .add("description", setting.description());
            if (setting.unit() != null) {
                entry.add("unit", setting.unit());
            }
            if (!setting.choices().isEmpty()) {
                entry.add("choices", Json.createArrayBuilder(setting.choices()));
            }
            catalog.add(entry);
        }
        return catalog.build();
    }
}
