package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document tells the truth (issue 12, item 4): every operation declares the statuses it answers with,
 * a success status with its body's schema and the problem+json errors, and real answers of the server, success and
 * error, fit the status and schema the document declares for their operation.
 */
@ExtendWith(ArquillianExtension.class)
class OpenApiConformanceIT extends ServerTestSupport {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private static JsonObject document() {
        Reply reply = getAbsolute(BASE + "/openapi?format=JSON");
        assertEquals(200, reply.status());
        return reply.json();
    }

    @Test
    void everyOperationDeclaresItsStatusesAndSchemas() {
        JsonObject doc = document();
        JsonObject paths = doc.getJsonObject("paths");
        List<String> problems = new ArrayList<>();
        int operations = 0;
        for (String path : paths.keySet()) {
            for (String method : paths.getJsonObject(path).keySet()) {
                if (!METHODS.contains(method)) {
                    continue;
                }
                operations++;
                String op = method.toUpperCase() + " " + path;
                JsonObject responses = paths.getJsonObject(path).getJsonObject(method).getJsonObject("responses");
                Set<String> codes = new TreeSet<>(responses.keySet());
                if (codes.stream().noneMatch(c -> c.startsWith("2"))) {
                    problems.add(op + ": no success status");
                }
                if (!codes.contains("401")) {
                    problems.add(op + ": no 401");
                }
                if (codes.equals(Set.of("200"))) {
                    problems.add(op + ": only 200");
                }
                for (String code : codes) {
                    JsonObject response = resolve(doc, responses.getJsonObject(code));
                    boolean hasBody = !code.equals("204");
                    JsonObject content = response.getJsonObject("content");
                    if (hasBody && (content == null || content.isEmpty() || content.values().stream()
                            .noneMatch(m -> m.asJsonObject().containsKey("schema")))) {
                        problems.add(op + " " + code + ": no schema for its body");
                    }
                    if (code.startsWith("4") && (content == null || !content.containsKey("application/problem+json"))) {
                        problems.add(op + " " + code + ": not declared as problem+json");
                    }
                }
            }
        }
        assertTrue(operations >= 25, "the document lists the API's operations: " + operations);
        assertEquals(List.of(), problems);
    }

    @Test
    void realAnswersFitTheDeclaredStatusesAndSchemas() {
        JsonObject doc = document();
        List<String> misfits = new ArrayList<>();
        check(doc, "get", "/api/subnets", get("/api/subnets?limit=5", ADMIN), misfits);
        check(doc, "get", "/api/agents", get("/api/agents?limit=5", OPERATOR), misfits);
        check(doc, "get", "/api/settings", get("/api/settings", ADMIN), misfits);
        check(doc, "get", "/api/boundaries", get("/api/boundaries", ADMIN), misfits);
        check(doc, "get", "/api/agent-state-manager", get("/api/agent-state-manager", ADMIN), misfits);
        check(doc, "get", "/api/agent-state-manager/polls", get("/api/agent-state-manager/polls?limit=3", ADMIN), misfits);
        check(doc, "get", "/api/jobs", get("/api/jobs?limit=3", OPERATOR), misfits);
        check(doc, "get", "/api/me", get("/api/me", OPERATOR), misfits);
        check(doc, "get", "/api/cluster", get("/api/cluster", OPERATOR), misfits);
        check(doc, "get", "/api/cluster", get("/api/cluster", INVENTORY), misfits);
        check(doc, "get", "/api/collections", get("/api/collections", ADMIN), misfits);
        // errors
        check(doc, "post", "/api/wake", post("/api/wake", "{\"names\": 5}", OPERATOR), misfits);
        check(doc, "get", "/api/jobs/{id}", get("/api/jobs/987654321", OPERATOR), misfits);
        check(doc, "get", "/api/machines/{resourceId}", get("/api/machines/NO-SUCH-MACHINE", OPERATOR), misfits);
        check(doc, "get", "/api/settings", get("/api/settings", null), misfits);
        check(doc, "put", "/api/settings", put("/api/settings", "{\"pingCount\":3}", OPERATOR), misfits);
        check(doc, "post", "/api/boundaries", post("/api/boundaries", "{\"subnet\":\"127.60.0.0/16\"}", ADMIN), misfits);
        check(doc, "post", "/api/subnets", post("/api/subnets", "{\"subnet\":\"not a subnet\"}", ADMIN), misfits);
        assertEquals(List.of(), misfits);
    }

    /** The answer's status is declared for the operation, and its body fits that status's schema. */
    private static void check(JsonObject doc, String method, String path, Reply reply, List<String> misfits) {
        String op = method.toUpperCase() + " " + path + " " + reply.status();
        JsonObject operation = doc.getJsonObject("paths").getJsonObject(path);
        if (operation == null || !operation.containsKey(method)) {
            misfits.add(op + ": operation not in the document");
            return;
        }
        JsonObject declared = operation.getJsonObject(method).getJsonObject("responses").getJsonObject(String.valueOf(reply.status()));
        if (declared == null) {
            misfits.add(op + ": status not declared");
            return;
        }
        JsonObject content = resolve(doc, declared).getJsonObject("content");
        if (content == null) {
            return;
        }
        String type = reply.contentType().split(";")[0].trim();
        JsonObject media = content.getJsonObject(type);
        if (media == null) {
            misfits.add(op + ": content type " + type + " not declared, only " + content.keySet());
            return;
        }
        fit(doc, media.getJsonObject("schema"), reply.jsonValue(), "", op, misfits);
    }

    /** Follows {@code $ref} to components. */
    private static JsonObject resolve(JsonObject doc, JsonObject node) {
        while (node != null && node.containsKey("$ref")) {
            String[] parts = node.getString("$ref").substring(2).split("/");
            JsonObject at = doc;
            for (String part : parts) {
                at = at.getJsonObject(part);
            }
            node = at;
        }
        return node;
    }

    /** A small JSON Schema check: types, required members, array items and object properties, recursively. */
    private static void fit(JsonObject doc, JsonObject schema, JsonValue value, String at, String op, List<String> misfits) {
        schema = resolve(doc, schema);
        if (schema == null) {
            return;
        }
        for (String alternatives : List.of("anyOf", "oneOf")) {
            if (schema.containsKey(alternatives)) {
                List<String> none = new ArrayList<>();
                for (JsonValue option : schema.getJsonArray(alternatives)) {
                    List<String> attempt = new ArrayList<>();
                    fit(doc, option.asJsonObject(), value, at, op, attempt);
                    if (attempt.isEmpty()) {
                        return;
                    }
                    none.addAll(attempt);
                }
                misfits.add(op + " " + at + ": fits none of " + alternatives + " " + none);
                return;
            }
        }
        if (value == JsonValue.NULL) {
            return;   // JSON-B leaves null members out; a null that is there is not what this check is about
        }
        Set<String> types = new TreeSet<>();
        JsonValue type = schema.get("type");
        if (type instanceof JsonString s) {
            types.add(s.getString());
        } else if (type instanceof JsonArray a) {
            a.forEach(t -> types.add(((JsonString) t).getString()));
        }
        if (!types.isEmpty() && types.stream().noneMatch(t -> is(t, value))) {
            misfits.add(op + " " + (at.isEmpty() ? "body" : at) + ": " + value.getValueType() + " where the schema says " + types);
            return;
        }
        if (value instanceof JsonObject object) {
            if (schema.containsKey("required")) {
                for (JsonValue name : schema.getJsonArray("required")) {
                    if (!object.containsKey(((JsonString) name).getString())) {
                        misfits.add(op + " " + at + ": required member " + name + " missing");
                    }
                }
            }
            JsonObject properties = schema.getJsonObject("properties");
            if (properties != null) {
                for (String member : object.keySet()) {
                    if (properties.containsKey(member)) {
                        fit(doc, properties.getJsonObject(member), object.get(member), at + "." + member, op, misfits);
                    } else if (schema.get("additionalProperties") == JsonValue.FALSE) {
                        misfits.add(op + " " + at + ": member " + member + " not in the schema");
                    }
                }
            }
        } else if (value instanceof JsonArray array && schema.containsKey("items")) {
            for (int i = 0; i < array.size(); i++) {
                fit(doc, schema.getJsonObject("items"), array.get(i), at + "[" + i + "]", op, misfits);
            }
        }
    }

    private static boolean is(String type, JsonValue value) {
        return switch (type) {
            case "object" -> value.getValueType() == JsonValue.ValueType.OBJECT;
            case "array" -> value.getValueType() == JsonValue.ValueType.ARRAY;
            case "string" -> value.getValueType() == JsonValue.ValueType.STRING;
            case "integer" -> value instanceof JsonNumber n && n.isIntegral();
            case "number" -> value.getValueType() == JsonValue.ValueType.NUMBER;
            case "boolean" -> value == JsonValue.TRUE || value == JsonValue.FALSE;
            case "null" -> value == JsonValue.NULL;
            default -> true;
        };
    }

    @Test
    void theCheckerRefusesAMisfit() {
        JsonObject doc = document();
        List<String> misfits = new ArrayList<>();
        // a problem body where the document declares the subnets page: must not pass
        check(doc, "get", "/api/subnets", new Reply(200, "application/json",
                "{\"type\":\"x\",\"title\":\"t\",\"status\":400,\"errorId\":\"e\",\"items\":\"not an array\"}"), misfits);
        assertFalse(misfits.isEmpty(), "a body that does not fit its schema is found");
    }
}
