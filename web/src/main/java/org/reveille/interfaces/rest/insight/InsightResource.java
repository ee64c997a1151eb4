package org.reveille.interfaces.rest.insight;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.reveille.application.Insight;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.domain.model.insight.CoverageSample;
import org.reveille.interfaces.rest.Csv;
import org.reveille.interfaces.rest.ReveilleApi;

/**
 * The history the dashboard draws (docs/api.md, "Insight"): GET /api/insight/coverage, the hourly coverage of the
 * estate, as JSON or CSV; /outcomes, /latency and /failing-subnets over the last days.
 */
@RequestScoped
@Path("/insight")
@RolesAllowed({ReveilleApi.ADMIN, ReveilleApi.OPERATOR, ReveilleApi.INVENTORY})
public class InsightResource {

    private static final Duration DEFAULT_SPAN = Duration.ofDays(30);

    @Inject
    private Insight insight;

    /** One hour's coverage. */
    @JsonbPropertyOrder({"hour", "subnets", "primaryAndAlternate", "oneAgent", "none", "unreachable", "agents"})
    public record CoveragePoint(String hour, int subnets, int primaryAndAlternate, int oneAgent, int none, int unreachable, int agents) {

        static CoveragePoint of(CoverageSample s) {
            return new CoveragePoint(s.hour().toString(), s.subnets(), s.primaryAndAlternate(), s.oneAgent(), s.noAgent(), s.unreachable(),
                    s.agents());
        }
    }

    /** The coverage between two instants, hourly. */
    @JsonbPropertyOrder({"from", "to", "points"})
    public record Coverage(String from, String to, List<CoveragePoint> points) {
    }

    @GET
    @Path("/coverage")
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the hourly coverage samples from `from` to `to`, oldest first",
                    content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Coverage.class)),
                            @Content(mediaType = Csv.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING))}),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public Response coverage(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("format") String format) {
        List<Violation> violations = new ArrayList<>();
        Instant now = insight.now();
        Instant end = instant(to, "to", violations);
        Instant start = instant(from, "from", violations);
        end = end == null ? now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)) : end;
        start = start == null ? end.minus(DEFAULT_SPAN) : start;
        if (!start.isBefore(end)) {
            violations.add(new Violation("to", "must be after from"));
        } else if (Duration.between(start, end).compareTo(Insight.MAX_SPAN) > 0) {
            violations.add(new Violation("from", "at most " + Insight.MAX_SPAN.toDays() + " days from from to to"));
        }
        boolean csv = "csv".equals(format);
        if (format != null && !csv && !"json".equals(format)) {
            violations.add(new Violation("format", "must be json or csv"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Invalid coverage query", violations);
        }
        List<CoverageSample> samples = insight.coverage(start, end);
        if (csv) {
            StringBuilder body = new StringBuilder(Csv.line("hour", "subnets", "primaryAndAlternate", "oneAgent", "none", "unreachable", "agents"));
            for (CoverageSample s : samples) {
                body.append(Csv.line(s.hour().toString(), String.valueOf(s.subnets()), String.valueOf(s.primaryAndAlternate()),
                        String.valueOf(s.oneAgent()), String.valueOf(s.noAgent()), String.valueOf(s.unreachable()), String.valueOf(s.agents())));
            }
            return Response.ok(body.toString(), Csv.MEDIA_TYPE + "; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"reveille-coverage.csv\"").build();
        }
        return Response.ok(new Coverage(start.toString(), end.toString(), samples.stream().map(CoveragePoint::of).toList()),
                MediaType.APPLICATION_JSON).build();
    }

    /** Wake outcomes of one day: targets by outcome and reason category. */
    @JsonbPropertyOrder({"day", "outcome", "reason", "targets"})
    public record OutcomeRow(String day, String outcome, String reason, long targets) {
    }

    /** Latency buckets: targets sent (or awake) within {@code upToSeconds} of their job being due (null: slower than the last bound). */
    @JsonbPropertyOrder({"kind", "upToSeconds", "targets"})
    public record LatencyRow(String kind, Integer upToSeconds, long targets) {
    }

    /** A subnet and its failed targets over the days asked for. */
    @JsonbPropertyOrder({"subnet", "failed"})
    public record FailingSubnet(String subnet, long failed) {
    }

    /** Rows of a span of days. */
    @JsonbPropertyOrder({"from", "to", "items"})
    public record Days<T>(String from, String to, List<T> items) {
    }

    @GET
    @Path("/outcomes")
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "wake targets per day by outcome and reason category, oldest day first"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public Days<OutcomeRow> outcomes(@QueryParam("days") Integer days) {
        java.time.LocalDate[] span = days(days);
        return new Days<>(span[0].toString(), span[1].toString(), insight.outcomes(span[0], span[1]).stream()
                .map(o -> new OutcomeRow(o.day().toString(), o.outcome(), o.reason(), o.targets())).toList());
    }

    @GET
    @Path("/latency")
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "how long targets took from due to sent and to awake, in buckets"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public Days<LatencyRow> latency(@QueryParam("days") Integer days) {
        java.time.LocalDate[] span = days(days);
        List<LatencyRow> rows = insight.latency(span[0], span[1]).stream()
                .map(b -> new LatencyRow(b.kind(), b.upperSeconds() == 0 ? null : b.upperSeconds(), b.targets()))
                .sorted(java.util.Comparator.comparing(LatencyRow::kind).thenComparing(r -> r.upToSeconds() == null ? Integer.MAX_VALUE : r.upToSeconds()))
                .toList();
        return new Days<>(span[0].toString(), span[1].toString(), rows);
    }

    @GET
    @Path("/failing-subnets")
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponses({
            @APIResponse(responseCode = "200", description = "the subnets with the most failed targets, most first"),
            @APIResponse(responseCode = "400", ref = "BadRequest"),
            @APIResponse(responseCode = "401", ref = "Unauthorized"),
            @APIResponse(responseCode = "403", ref = "Forbidden")
    })
    public Days<FailingSubnet> failingSubnets(@QueryParam("days") Integer days, @QueryParam("limit") Integer limit) {
        java.time.LocalDate[] span = days(days);
        int n = limit == null ? 10 : limit;
        if (n < 1 || n > 100) {
            throw new InvalidInputException("limit", "must be from 1 to 100");
        }
        return new Days<>(span[0].toString(), span[1].toString(), insight.failingSubnets(span[0], span[1], n).stream()
                .map(f -> new FailingSubnet(f.subnet(), f.failed())).toList());
    }

    /** The last {@code days} UTC days up to today (default 30, at most 400). */
    private java.time.LocalDate[] days(Integer days) {
        int n = days == null ? 30 : days;
        if (n < 1 || n > Insight.MAX_SPAN.toDays()) {
            throw new InvalidInputException("days", "must be from 1 to " + Insight.MAX_SPAN.toDays());
        }
        java.time.LocalDate today = insight.now().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        return new java.time.LocalDate[] {today.minusDays(n - 1L), today};
    }

    private static Instant instant(String text, String field, List<Violation> violations) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z"));
            return null;
        }
    }
}
