package org.reveille.interfaces.rest.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.reveille.application.AuditTrail;
import org.reveille.application.Page;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditEvent;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.interfaces.rest.Csv;
import org.reveille.interfaces.rest.PageRepresentation;
import org.reveille.interfaces.rest.Paging;
import org.reveille.interfaces.rest.ReveilleApi;

/**
 * The audit trail (docs/api.md, "Audit trail"), for administrators: GET /api/audit, newest first, filtered by time,
 * user and kind and paged; GET /api/audit/export, the same filters as CSV, every match.
 */
@RequestScoped
@Path("/audit")
@RolesAllowed(ReveilleApi.ADMIN)
public class AuditResource {

    /** Entries read per query while the export streams. */
    static final int EXPORT_PAGE = 1000;

    static final String CSV = "text/csv";

    @Inject
    private AuditTrail audit;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "a page of audit entries, newest first"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public PageRepresentation<AuditEventRepresentation> list(@QueryParam("from") String from, @QueryParam("to") String to,
                                                             @QueryParam("user") String user, @QueryParam("kind") String kind,
                                                             @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        AuditTrail.Filter filter = filter(from, to, user, kind);
        Paging paging = Paging.of(offset, limit);
        return PageRepresentation.of(audit.find(filter, paging.offset(), paging.limit()), AuditEventRepresentation::of);
    }

    @GET
    @Path("/export")
    @Produces(CSV)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "every matching audit entry as CSV (RFC 4180), newest first",
                    content = @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING))),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public Response export(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("user") String user,
                           @QueryParam("kind") String kind) {
        AuditTrail.Filter filter = filter(from, to, user, kind);
        // the entries as they are when the export starts: later ones (newer, so at the front) must not shift the pages
        AuditTrail.Filter fixed = new AuditTrail.Filter(filter.from(), filter.to() != null ? filter.to() : audit.now().plusMillis(1),
                filter.user(), filter.kind());
        StreamingOutput body = out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            writer.write("id,at,user,channel,address,kind,subject,detail,node\r\n");
            int offset = 0;
            Page<AuditEvent> page;
            do {
                page = audit.find(fixed, offset, EXPORT_PAGE);
                for (AuditEvent e : page.items()) {
                    Actor actor = e.actor();
                    writer.write(Arrays.stream(new String[] {String.valueOf(e.id()), e.at().toString(), actor.user(),
                                    actor.channel().name().toLowerCase(), actor.address(), e.kind().jsonName(), e.subject(), e.detail(), e.node()})
                            .map(Csv::field).collect(Collectors.joining(",")));
                    writer.write("\r\n");
                }
                offset += page.items().size();
            } while (page.items().size() == EXPORT_PAGE);
            writer.flush();
        };
        return Response.ok(body, CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"reveille-audit.csv\"").build();
    }

    static AuditTrail.Filter filter(String from, String to, String user, String kind) {
        List<Violation> violations = new ArrayList<>();
        Instant start = instant("from", from, violations);
        Instant end = instant("to", to, violations);
        if (start != null && end != null && !start.isBefore(end)) {
            violations.add(new Violation("to", "must be after from"));
        }
        AuditKind kindValue = null;
        if (kind != null && !kind.isBlank()) {
            kindValue = AuditKind.byJsonName(kind.trim()).orElse(null);
            if (kindValue == null) {
                violations.add(new Violation("kind", "unknown kind '" + kind + "'; one of "
                        + Arrays.stream(AuditKind.values()).map(AuditKind::jsonName).collect(Collectors.joining(", "))));
            }
        }
        String userValue = user == null || user.isBlank() ? null : user.trim();
        if (userValue != null && userValue.length() > Actor.MAX_USER) {
            violations.add(new Violation("user", "at most " + Actor.MAX_USER + " characters"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Invalid audit query", violations);
        }
        return new AuditTrail.Filter(start, end, userValue, kindValue);
    }

    private static Instant instant(String field, String text, List<Violation> violations) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "must be an ISO-8601 instant such as 2026-12-04T10:00:00Z"));
            return null;
        }
    }
}
