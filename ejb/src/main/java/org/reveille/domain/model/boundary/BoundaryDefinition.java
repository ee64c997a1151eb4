package org.reveille.domain.model.boundary;

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
import org.reveille.net.Ipv6Prefix;

/**
 * A boundary as a client asks for it, validated: a subnet ({@code "10.1.0.0/16"}), an IPv6 prefix in the same member
 * ({@code "2001:db8:5::/48"}) or a range ({@code "10.2.0.1-10.2.0.200"}), its source ({@code "sccm"},
 * {@code "console"}) and an optional description. The REST edge binds the request body (docs/api.md, "Boundaries") and
 * hands the texts to {@link #of}.
 */
public record BoundaryDefinition(Cidr subnet, IpRange range, Ipv6Prefix prefix6, String source, String description) {

    public BoundaryDefinition(Cidr subnet, IpRange range, String source, String description) {
        this(subnet, range, null, source, description);
    }

    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /**
     * The definition from the texts a client sent (null: member absent), or an InvalidInputException naming every
     * bad one: exactly one of subnet and range, each parsable, a source of 1 to 64 of a-z, 0-9, '.', '_', '-', a
     * description of at most 255 characters.
     */
    public static BoundaryDefinition of(String subnetText, String rangeText, String sourceText, String descriptionText) {
        List<Violation> violations = new ArrayList<>();
        String subnetValue = text("subnet", subnetText, violations);
        String rangeValue = text("range", rangeText, violations);
        String source = text("source", sourceText, violations);
        String description = text("description", descriptionText, violations);
        Cidr subnet = null;
        IpRange range = null;
        Ipv6Prefix prefix6 = null;
        if ((subnetValue == null) == (rangeValue == null)) {
            violations.add(new Violation(subnetValue == null ? "subnet" : "range", "give exactly one of subnet and range"));
        } else if (subnetValue != null && subnetValue.indexOf(':') >= 0) {
            try {
                prefix6 = Ipv6Prefix.parse(subnetValue);
                if (prefix6.prefixLength() == 0) {
                    violations.add(new Violation("subnet", "::/0 is every IPv6 address; give a prefix of 1 to 128 bits"));
                }
            } catch (InvalidAddressException e) {
                violations.add(new Violation("subnet", e.getMessage()));
            }
        } else if (subnetValue != null) {
            try {
                subnet = Cidr.parse(subnetValue);
            } catch (InvalidAddressException e) {
                violations.add(new Violation("subnet", e.getMessage()));
            }
        } else {
            try {
                range = IpRange.parse(rangeValue);
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
        return new BoundaryDefinition(subnet, range, prefix6, source, description);
    }

    public Boundary toBoundary(String user, Instant now) {
        return subnet != null ? Boundary.subnet(subnet, source, description, user, now)
                : prefix6 != null ? Boundary.prefix6(prefix6, source, description, user, now)
                : Boundary.range(range, source, description, user, now);
    }

    /** The trimmed text, or null (absent, or refused: blank or not acceptable text, added to the violations). */
    private static String text(String member, String value, List<Violation> violations) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            violations.add(new Violation(member, "must be a non-empty string"));
            return null;
        }
        String problem = Text.problem(value);
        if (problem != null) {
            violations.add(new Violation(member, problem));
            return null;
        }
        return value.trim();
    }
}
