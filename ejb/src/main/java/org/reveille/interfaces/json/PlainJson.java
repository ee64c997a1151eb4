package org.reveille.interfaces.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON tree as plain Java values, for the domain's commands that take open member sets (PUT /api/settings):
 * string → String, number → BigDecimal (exactly as written), true/false → Boolean, null → null, array → List,
 * object → Map in member order.
 */
public final class PlainJson {

    private PlainJson() {
    }

    public static Object of(JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        if (value instanceof JsonNumber number) {
            return number.bigDecimalValue();
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        if (value instanceof JsonArray array) {
            return array.stream().map(PlainJson::of).toList();
        }
        return object((JsonObject) value);
    }

    /** The members of an object, in their order. */
    public static Map<String, Object> object(JsonObject object) {
        Map<String, Object> members = new LinkedHashMap<>();
        object.forEach((name, v) -> members.put(name, of(v)));
        return members;
    }
}
