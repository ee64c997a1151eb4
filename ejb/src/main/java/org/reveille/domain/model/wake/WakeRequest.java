package org.reveille.domain.model.wake;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Text;
import org.reveille.domain.model.Violation;
import org.reveille.net.InvalidAddressException;
import org.reveille.net.MacAddress;
import org.reveille.wol.SecureOnPassword;

/**
 * "Wake these machines": the body of POST /api/wake and of a bulk-wake JMS message, validated.
 * Items are kept in request order, duplicates removed.
 */
public record WakeRequest(List<WakeJobItem> items, boolean verify, Instant notBefore, String password) {

    public WakeRequest(List<WakeJobItem> items, boolean verify, Instant notBefore) {
        this(items, verify, notBefore, null);
    }

    /** The most items one request may carry; larger estates are split by the sender. */
    public static final int MAX_ITEMS = 100_000;
    /** Longest item per kind, in characters: a machine name, a resource id, a collection name, a MAC in any spelling. */
    private static final java.util.Map<WakeJobItem.Kind, Integer> MAX_ITEM_LENGTH = java.util.Map.of(
            WakeJobItem.Kind.NAME, 255, WakeJobItem.Kind.RESOURCE_ID, 128, WakeJobItem.Kind.COLLECTION, 255, WakeJobItem.Kind.MAC, 64);
    /** The earliest notBefore accepted (an instant in the past means "at once"). */
    public static final Instant EARLIEST_NOT_BEFORE = Instant.EPOCH;
    /** How far ahead a wake may be scheduled: a later notBefore is refused, it would sit in the broker for years. */
    public static final java.time.Duration MAX_SCHEDULE_AHEAD = java.time.Duration.ofDays(366);

    /**
     * The validated request from plain values, as the edge bound them from JSON (docs/api.md, "Wake"): every bad value
     * is named by its JSON path ({@code names[3]}) in one InvalidInputException. Null lists and values are absent.
     */
    public static WakeRequest of(List<String> names, List<String> resourceIds, List<String> collections, List<String> macs,
                                 Boolean verify, String notBefore, String password) {
        List<Violation> violations = new ArrayList<>();
        Set<WakeJobItem> items = new LinkedHashSet<>();
        collect(names, "names", WakeJobItem.Kind.NAME, items, violations);
        collect(resourceIds, "resourceIds", WakeJobItem.Kind.RESOURCE_ID, items, violations);
        collect(collections, "collections", WakeJobItem.Kind.COLLECTION, items, violations);
        collect(macs, "macs", WakeJobItem.Kind.MAC, items, violations);
        if (items.isEmpty() && violations.isEmpty()) {
            violations.add(new Violation("", "name at least one target in names, resourceIds, collections or macs"));
        }
        if (items.size() > MAX_ITEMS) {
            violations.add(new Violation("", "at most " + MAX_ITEMS + " targets per request, got " + items.size()));
        }
        Instant at = null;
        if (notBefore != null) {
            try {
                at = Instant.parse(notBefore);
                if (at.isBefore(EARLIEST_NOT_BEFORE) || at.getEpochSecond() > 253402300799L) {
                    violations.add(new Violation("notBefore", "must lie between 1970-01-01T00:00:00Z and "
                            + MAX_SCHEDULE_AHEAD.toDays() + " days from now"));
                    at = null;
                }
            } catch (DateTimeParseException e) {
                violations.add(new Violation("notBefore", "must be an ISO-8601 instant such as 2026-11-22T06:00:00Z"));
            }
        }
        String secureOn = null;
        if (password != null) {
            try {
                String text = password.trim().toLowerCase(java.util.Locale.ROOT);
                SecureOnPassword.parse(text);   // validated here; stored as given, never logged or returned
                secureOn = text;
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("password", "a SecureOn password is 6 bytes as a MAC (00:11:22:33:44:55) or 4 bytes as an IPv4 address"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Invalid wake request", violations);
        }
        return new WakeRequest(List.copyOf(items), Boolean.TRUE.equals(verify), at, secureOn);
    }

    /** Refuses a notBefore more than {@link #MAX_SCHEDULE_AHEAD} after {@code now} (the server's clock decides). */
    public void requireScheduleWithin(Instant now) {
        if (notBefore != null && notBefore.isAfter(now.plus(MAX_SCHEDULE_AHEAD))) {
            throw new InvalidInputException("notBefore", "must lie between 1970-01-01T00:00:00Z and "
                    + MAX_SCHEDULE_AHEAD.toDays() + " days from now (" + now.plus(MAX_SCHEDULE_AHEAD) + ")");
        }
    }

    private static void collect(List<String> values, String member, WakeJobItem.Kind kind, Set<WakeJobItem> items,
                                List<Violation> violations) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String field = member + "[" + i + "]";
            String value = values.get(i);
            if (value == null || value.isBlank()) {
                violations.add(new Violation(field, "must be a non-empty string"));
                continue;
            }
            String text = value.trim();
            int max = MAX_ITEM_LENGTH.get(kind);
            String problem = Text.problem(value);   // before trim(), which drops control characters at the ends
            if (problem == null && Text.length(text) > max) {
                problem = "must be at most " + max + " characters";
            }
            if (problem == null && kind == WakeJobItem.Kind.RESOURCE_ID) {
                problem = Text.resourceIdProblem(text);
            }
            if (problem != null) {
                violations.add(new Violation(field, problem));
                continue;
            }
            if (kind == WakeJobItem.Kind.MAC) {
                try {
                    text = MacAddress.parse(text).toString();
                } catch (InvalidAddressException e) {
                    violations.add(new Violation(field, e.getMessage()));
                    continue;
                }
            }
            items.add(new WakeJobItem(kind, text));
        }
    }
}
