package org.reveille.interfaces.json;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.Reader;
import java.util.List;
import org.reveille.domain.model.Violation;

/**
 * JSON-P through one provider looked up once. Every static method of {@code jakarta.json.Json} looks the provider up
 * again through the ServiceLoader, which in WildFly scans the deployment's and modules' jars for
 * META-INF/services: in a profile of single wake-ups that lookup was 7.5 % of the server's CPU samples
 * (docs/benchmarks.md, "Issue 12: the wake path, session 5"). Use these instead of {@code Json.create…}.
 */
public final class Jsonp {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsonp() {
    }

    public static JsonObjectBuilder object() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonArrayBuilder array() {
        return PROVIDER.createArrayBuilder();
    }

    public static JsonString string(String value) {
        return PROVIDER.createValue(value);
    }

    public static JsonParser parser(Reader reader) {
        return PROVIDER.createParser(reader);
    }

    public static JsonReader reader(Reader reader) {
        return PROVIDER.createReader(reader);
    }

    /** The {@code errors} member of a problem document: one {@code {"field", "message"}} object per violation. */
    public static JsonArrayBuilder errors(List<Violation> violations) {
        JsonArrayBuilder errors = array();
        violations.forEach(v -> errors.add(object().add("field", v.field()).add("message", v.message())));
        return errors;
    }
}
