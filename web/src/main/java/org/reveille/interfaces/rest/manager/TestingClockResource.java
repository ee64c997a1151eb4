package org.reveille.interfaces.rest.manager;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.reveille.application.TimeSource;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.interfaces.rest.ReveilleApi;

/**
 * POST /api/testing/clock {"advance": "PT4H"}: moves the server's clock forward; DELETE /api/testing/clock: back to
 * the system clock. Exists only on a server started with -Dreveille.testing.clock=true (the integration tests);
 * everywhere else it answers 404.
 */
@RequestScoped
@Path("/testing/clock")
public class TestingClockResource {

    /** The testing clock's time now. */
    public record ClockRepresentation(String now) {
    }

    @Inject
    private TimeSource time;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(ReveilleApi.ADMIN)
    public ClockRepresentation advance(JsonValue body) {
        if (!TimeSource.adjustable()) {
            throw new NotFoundException("No testing clock on this server");
        }
        if (!(body instanceof JsonObject json) || !(json.get("advance") instanceof JsonString text)) {
            throw new InvalidInputException("advance", "the body must be {\"advance\": \"PT4H\"}");
        }
        try {
            return new ClockRepresentation(time.advance(Duration.parse(text.getString())).toString());
        } catch (java.time.DateTimeException | IllegalArgumentException | ArithmeticException e) {
            throw new InvalidInputException("advance", "must be a positive ISO-8601 duration such as PT4H");
        }
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(ReveilleApi.ADMIN)
    public ClockRepresentation reset() {
        if (!TimeSource.adjustable()) {
            throw new NotFoundException("No testing clock on this server");
        }
        return new ClockRepresentation(time.reset().toString());
    }
}
