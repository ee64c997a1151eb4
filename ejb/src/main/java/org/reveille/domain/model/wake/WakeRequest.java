package org.reveille.domain.model.wake;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.reveille.domain.model.InvalidInputException;
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
    private static final int MAX_ITEM_LENGTH = 255;
    private static final Set<String> MEMBERS = Set.of("names", "resourceIds", "collections", "macs", "verify", "notBefore", "password");

    public static WakeRequest fromJson(JsonValue json) {
        if (!(json instanceof JsonObject body)) {
            throw new InvalidInputException("", "the request body must be a JSON object");
        }
        List<Violation> violations = new ArrayList<>();
        for (String member : body.keySet()) {
            if (!MEMBERS.contains(member)) {
                violations.add(new Violation(member, "unknown member; expected names, resourceIds, collections, macs, verify, notBefore or password"));
            }
        }
        Set<WakeJobItem> items = new LinkedHashSet<>();
        collect(body, "names", WakeJobItem.Kind.NAME, items, violations);
        collect(body, "resourceIds", WakeJobItem.Kind.RESOURCE_ID, items, violations);
        collect(body, "collections", WakeJobItem.Kind.COLLECTION, items, violations);
        collect(body, "macs", WakeJobItem.Kind.MAC, items, violations);
        if (items.isEmpty() && violations.isEmpty()) {
            violations.add(new Violation("", "name at least one target in names, resourceIds, collections or macs"));
        }
        if (items.size() > MAX_ITEMS) {
            violations.add(new Violation("", "at most " + MAX_ITEMS + " targets per request, got " + items.size()));
        }
        boolean verify = false;
        JsonValue verifyValue = body.get("verify");
        if (verifyValue != null) {
            if (verifyValue == JsonValue.TRUE || verifyValue == JsonValue.FALSE) {
                verify = verifyValue == JsonValue.TRUE;
            } else {
                violations.add(new Violation("verify", "must be true or false"));
            }
        }
        Instant notBefore = null;
        JsonValue notBeforeValue = body.get("notBefore");
        if (notBeforeValue != null && notBeforeValue != JsonValue.NULL) {
            try {
                notBefore = Instant.parse(((JsonString) notBeforeValue).getString());
            } catch (ClassCastException | DateTimeParseException e) {
                violations.add(new Violation("notBefore", "must be an ISO-8601 instant such as 2026-11-22T06:00:00Z"));
            }
        }
        String password = null;
        JsonValue passwordValue = body.get("password");
        if (passwordValue != null && passwordValue != JsonValue.NULL) {
            try {
                String text = ((JsonString) passwordValue).getString().trim().toLowerCase(java.util.Locale.ROOT);
                SecureOnPassword.parse(text);   // validated here; stored as given, never logged or returned
                password = text;
            } catch (ClassCastException | IllegalArgumentException e) {
                violations.add(new Violation("password", "a SecureOn password is 6 bytes as a MAC (00:11:22:33:44:55) or 4 bytes as an IPv4 address"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Invalid wake request", violations);
        }
        return new WakeRequest(List.copyOf(items), verify, notBefore, password);
    }

    private static void collect(JsonObject body, String member, WakeJobItem.Kind kind, Set<WakeJobItem> items,
                                List<Violation> violations) {
        JsonValue value = body.get(member);
        if (value == null || value == JsonValue.NULL) {
            return;
        }
        if (!(value instanceof JsonArray array)) {
            violations.add(new Violation(member, "must be an array of strings"));
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            String field = member + "[" + i + "]";
            if (!(array.get(i) instanceof JsonString string) || string.getString().isBlank()) {
                violations.add(new Violation(field, "must be a non-empty string"));
                continue;
            }
            String text = string.getString().trim();
            if (text.length() > MAX_ITEM_LENGTH) {
                violations.add(new Violation(field, "must be at most " + MAX_ITEM_LENGTH + " characters"));
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
