package org.reveille.domain.model.boundary;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Text;
import org.reveille.domain.model.Violation;
import org.reveille.net.Cidr;
import org.reveille.net.InvalidAddressException;
import org.reveille.net.IpRange;

/**
 * A boundary as a client asks for it, validated: {@code {"subnet": "10.1.0.0/16", "source": "sccm"}} or
 * {@code {"range": "10.2.0.1-10.2.0.200", "source": "console", "description": "..."}}.
 */
public record BoundaryDefinition(Cidr subnet, IpRange range, String source, String description) {

    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Set<String> MEMBERS = Set.of("subnet", "range", "source", "description");

    public static BoundaryDefinition fromJson(JsonValue json) {
        if (!(json instanceof JsonObject body)) {
            throw new InvalidInputException("", "the body must be a JSON object with subnet or range, and source");
        }
        List<Violation> violations = new ArrayList<>();
        body.keySet().stream().filter(k -> !MEMBERS.contains(k))
                .forEach(k -> violations.add(new Violation(k, "unknown member; expected subnet, range, source, description")));
        String subnetText = text(body, "subnet", violations);
        String rangeText = text(body, "range", violations);
        String source = text(body, "source", violations);
        String description = text(body, "description", violations);
        Cidr subnet = null;
        IpRange range = null;
        if ((subnetText == null) == (rangeText == null)) {
            violations.add(new Violation(subnetText == null ? "subnet" : "range", "give exactly one of subnet and range"));
        } else if (subnetText != null) {
            try {
                subnet = Cidr.parse(subnetText);
            } catch (InvalidAddressException e) {
                violations.add(new Violation("subnet", e.getMessage()));
            }
        } else {
            try {
                range = IpRange.parse(rangeText);
            } catch (InvalidAddressException e) {
                violations.add(new Violation("range", e.getMessage()));
            }
        }
        boolean sourceReported = violations.stream().anyMatch(v -> v.field().equals("source"));
        if (!sourceReported && (source == null || !SOURCE.matcher(source).matches())) {
            violations.add(new Violation("source", "required: 1 to 64 of a-z, 0-9, '.', '_', '-' (e.g. sccm, console), was "
                    + (source == null ? "missing" : "'" + source + "'")));
        }
        if (description != null && Text.length(description) > 255) {
            violations.add(new Violation("description", "must be at most 255 characters"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Invalid boundary", violations);
        }
        return new BoundaryDefinition(subnet, range, source, description);
    }

    public Boundary toBoundary(String user, Instant now) {
        return subnet != null ? Boundary.subnet(subnet, source, description, user, now)
                : Boundary.range(range, source, description, user, now);
    }

    private static String text(JsonObject body, String member, List<Violation> violations) {
        JsonValue value = body.get(member);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonString s && !s.getString().isBlank()) {
            String problem = Text.problem(s.getString());
            if (problem == null) {
                return s.getString().trim();
            }
            violations.add(new Violation(member, problem));
            return null;
        }
        violations.add(new Violation(member, "must be a non-empty string"));
        return null;
    }
}
