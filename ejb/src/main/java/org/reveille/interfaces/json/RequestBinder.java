package org.reveille.interfaces.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;

/**
 * Binds a JSON tree (already read by the strict reader, which refuses what docs/api.md lists under "Errors") to a
 * request record, the one mapper of the REST resources and the JMS bulk consumer. Before JSON-B sees the tree every
 * member is checked against the record's components: an unknown member, or a value of the wrong JSON type, becomes
 * a {@link Violation} named by its JSON path ({@code machines[3].nics[0].mac}), all of them in one
 * InvalidInputException; JSON-B then binds a tree that fits.
 */
public final class RequestBinder {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private RequestBinder() {
    }

    /**
     * The record bound from {@code json}, or an InvalidInputException naming every member that does not fit. When a
     * member does not fit, the rest is still bound (the misfits left out) and, for a {@link RequestDocument}, checked
     * by its command too, so that one answer names every bad value, in the order of the record's components.
     */
    public static <T extends Record> T bind(JsonValue json, Class<T> type) {
        if (!(json instanceof JsonObject)) {
            throw new InvalidInputException("", "the request body must be a JSON object");
        }
        List<Violation> violations = new ArrayList<>();
        JsonValue fitting = fit(json, type, "", violations);
        T bound = JSONB.fromJson(fitting.toString(), type);
        if (violations.isEmpty()) {
            return bound;
        }
        String summary = violations.size() + " value(s) of the request body are not acceptable; nothing was stored";
        if (bound instanceof RequestDocument<?> document) {
            try {
                document.toCommand();
            } catch (InvalidInputException e) {
                // a member the binder already named is named once, with the binder's message
                java.util.Set<String> named = violations.stream().map(Violation::field).collect(java.util.stream.Collectors.toSet());
                e.violations().stream().filter(v -> !named.contains(v.field())).forEach(violations::add);
                summary = e.getMessage();   // the domain's summary ("4 of 5 machine(s) are invalid...")
            }
        }
        throw new InvalidInputException(summary, ordered(violations, type));
    }

    /** The command of a request document bound from {@code json}. */
    public static <C, T extends Record & RequestDocument<C>> C command(JsonValue json, Class<T> type) {
        return bind(json, type).toCommand();
    }

    /**
     * {@code value} as far as it fits a Java type: a misfit is added to {@code violations}, named by {@code path}, and
     * left out (null) of what is returned.
     */
    static JsonValue fit(JsonValue value, Type type, String path, List<Violation> violations) {
        if (value == null || value == JsonValue.NULL) {
            return JsonValue.NULL;
        }
        Class<?> raw = raw(type);
        if (raw.isRecord()) {
            return fitRecord(value, raw, path, violations);
        } else if (raw == String.class) {
            return misfit(value instanceof JsonString, value, path, "must be a string", violations);
        } else if (raw == Boolean.class || raw == boolean.class) {
            return misfit(value == JsonValue.TRUE || value == JsonValue.FALSE, value, path, "must be true or false", violations);
        } else if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            long min = raw == Integer.class || raw == int.class ? Integer.MIN_VALUE : Long.MIN_VALUE;
            long max = raw == Integer.class || raw == int.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
            boolean fits = value instanceof JsonNumber number && number.isIntegral()
                    && number.bigDecimalValue().compareTo(BigDecimal.valueOf(min)) >= 0
                    && number.bigDecimalValue().compareTo(BigDecimal.valueOf(max)) <= 0;
            return misfit(fits, value, path, "must be a whole number from " + min + " to " + max, violations);
        } else if (List.class.isAssignableFrom(raw)) {
            Type element = argument(type, 0);
            boolean strings = raw(element) == String.class;
            if (!(value instanceof JsonArray array)) {
                return misfit(false, value, path, strings ? "must be an array of strings" : "must be an array", violations);
            }
            JsonArrayBuilder fitting = Jsonp.array();
            for (int i = 0; i < array.size(); i++) {
                String at = path + "[" + i + "]";
                JsonValue item = array.get(i);
                if (strings && !(item instanceof JsonString)) {
                    violations.add(new Violation(at, "must be a non-empty string"));
                    fitting.add(JsonValue.NULL);
                } else if (item == JsonValue.NULL && raw(element).isRecord()) {
                    violations.add(new Violation(at, "must be an object"));
                    fitting.add(JsonValue.NULL);
                } else {
                    fitting.add(fit(item, element, at, violations));
                }
            }
            return fitting.build();
        } else if (Map.class.isAssignableFrom(raw)) {
            if (!(value instanceof JsonObject object)) {
                return misfit(false, value, path, "must be an object", violations);
            }
            Type member = argument(type, 1);
            JsonObjectBuilder fitting = Jsonp.object();
            object.forEach((name, v) -> fitting.add(name, fit(v, member, join(path, name), violations)));
            return fitting.build();
        } else if (raw == JsonValue.class) {
            return value;   // any JSON value: checked by the command
        }
        throw new IllegalArgumentException("no JSON check for " + type);
    }

    private static JsonValue misfit(boolean fits, JsonValue value, String path, String message, List<Violation> violations) {
        if (fits) {
            return value;
        }
        violations.add(new Violation(path, message));
        return JsonValue.NULL;
    }

    private static JsonValue fitRecord(JsonValue value, Class<?> record, String path, List<Violation> violations) {
        if (!(value instanceof JsonObject object)) {
            return misfit(false, value, path, "must be an object", violations);
        }
        RecordComponent[] components = record.getRecordComponents();
        List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
        for (String member : object.keySet()) {
            if (!names.contains(member)) {
                violations.add(new Violation(join(path, member), "unknown member; expected " + expected(names)));
            }
        }
        JsonObjectBuilder fitting = Jsonp.object();
        for (RecordComponent component : components) {
            JsonValue member = object.get(component.getName());
            if (member != null) {
                fitting.add(component.getName(), fit(member, component.getGenericType(), join(path, component.getName()), violations));
            }
        }
        return fitting.build();
    }

    /**
     * Violations in the order of the request: unknown members of the body first, then by the record component a
     * path starts with, the body as a whole last; a violation found twice (by the binder and by the command) is named once.
     */
    static List<Violation> ordered(List<Violation> violations, Class<?> type) {
        List<String> names = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
        Comparator<Violation> byComponent = Comparator.comparingInt(v -> {
            String first = v.field().split("[.\\[]", 2)[0];
            if (first.isEmpty()) {
                return names.size();   // the body as a whole
            }
            return names.indexOf(first);   // -1: an unknown member of the body
        });
        return new ArrayList<>(new LinkedHashSet<>(violations)).stream()
                .sorted(byComponent.thenComparingInt(RequestBinder::firstIndex)).toList();
    }

    /** The first array index in a path ({@code 3} in {@code macs[3].x}), -1 if none. */
    private static int firstIndex(Violation v) {
        java.util.regex.Matcher m = FIRST_INDEX.matcher(v.field());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static final java.util.regex.Pattern FIRST_INDEX = java.util.regex.Pattern.compile("^[^.\\[]*\\[([0-9]{1,9})\\]");

    /** "a, b or c", as the documented unknown-member message names the members. */
    static String expected(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String join(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("no JSON check for " + type);
    }

    private static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }
}
