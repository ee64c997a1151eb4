package org.reveille.interfaces.rest;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Text;
import org.reveille.domain.model.Violation;
import org.reveille.interfaces.json.Jsonp;

/**
 * Reads every JSON request body of the API (it replaces the JSON-P provider for JsonValue and its subtypes), with
 * the rules the resources should not have to repeat: the body is UTF-8 and nothing else (an invalid byte is refused,
 * never replaced by U+FFFD); a member name appears once per object (a duplicate is refused, not "last one wins");
 * no string and no member name carries a control character or an unpaired surrogate ({@link Text#problem}); nesting
 * stops at {@value #MAX_DEPTH} levels. Each refused value is named by its JSON path (machines[3].name). The body is
 * read as a stream through the size limit of {@link org.reveille.interfaces.web.RequestSizeLimit}.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
public class StrictJsonReader implements MessageBodyReader<JsonValue> {

    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 64;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return JsonValue.class.isAssignableFrom(type);
    }

    @Override
    public JsonValue readFrom(Class<JsonValue> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                              MultivaluedMap<String, String> httpHeaders, InputStream body) throws IOException {
        JsonValue value = read(body);
        if (!type.isInstance(value)) {
            throw new InvalidInputException("", "the request body must be a JSON " + (type.getSimpleName().contains("Array") ? "array" : "object"));
        }
        return value;
    }

    /** Parses one JSON document; a problem with its content is an InvalidInputException, bad syntax a JsonException. */
    public static JsonValue read(InputStream body) throws IOException {
        InputStreamReader reader = new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        List<Violation> violations = new ArrayList<>();
        JsonValue value;
        try (JsonParser parser = Jsonp.parser(reader)) {
            if (!parser.hasNext()) {
                throw new JsonException("the request body is empty");
            }
            value = value(parser, parser.next(), "", 0, violations);
            if (parser.hasNext()) {
                throw new JsonException("unexpected content after the JSON value");
            }
        } catch (JsonException e) {
            IOException io = cause(e, IOException.class);
            if (io instanceof CharacterCodingException) {
                throw new JsonException("the request body is not valid UTF-8");
            }
            if (io != null) {
                throw io;   // the size limit, or the client went away
            }
            throw e instanceof JsonParsingException ? new JsonException(e.getMessage()) : e;
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations.size() + " value(s) of the request body are not acceptable; nothing was stored", violations);
        }
        return value;
    }

    private static JsonValue value(JsonParser parser, JsonParser.Event event, String path, int depth, List<Violation> violations) {
        switch (event) {
            case START_OBJECT -> {
                checkDepth(parser, depth);
                JsonObjectBuilder object = Jsonp.object();
                Set<String> names = new HashSet<>();
                for (JsonParser.Event next = parser.next(); next != JsonParser.Event.END_OBJECT; next = parser.next()) {
                    String name = parser.getString();
                    String member = path.isEmpty() ? name : path + "." + name;
                    String problem = Text.problem(name);
                    if (problem != null) {
                        violations.add(new Violation(member, "member name " + problem));
                    } else if (!names.add(name)) {
                        violations.add(new Violation(member, "duplicate member: each member may appear once"));
                    }
                    object.add(name, value(parser, parser.next(), member, depth + 1, violations));
                }
                return object.build();
            }
            case START_ARRAY -> {
                checkDepth(parser, depth);
                JsonArrayBuilder array = Jsonp.array();
                int i = 0;
                for (JsonParser.Event next = parser.next(); next != JsonParser.Event.END_ARRAY; next = parser.next()) {
                    array.add(value(parser, next, path + "[" + i++ + "]", depth + 1, violations));
                }
                return array.build();
            }
            case VALUE_STRING -> {
                String text = parser.getString();
                String problem = Text.problem(text);
                if (problem != null) {
                    violations.add(new Violation(path, problem));
                }
                return Jsonp.string(text);
            }
            case VALUE_NUMBER -> {
                // a number's text is parsed into a BigDecimal in time that grows with the square of its digits
                if (parser.getString().length() > MAX_NUMBER_LENGTH) {
                    violations.add(new Violation(path, "a number has at most " + MAX_NUMBER_LENGTH + " characters"));
                    return JsonValue.NULL;
                }
                return parser.getValue();
            }
            case VALUE_TRUE -> {
                return JsonValue.TRUE;
            }
            case VALUE_FALSE -> {
                return JsonValue.FALSE;
            }
            case VALUE_NULL -> {
                return JsonValue.NULL;
            }
            default -> throw new JsonException("unexpected " + event);
        }
    }

    private static void checkDepth(JsonParser parser, int depth) {
        if (depth >= MAX_DEPTH) {
            throw new JsonException("the JSON is nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private static <T extends Throwable> T cause(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
