package org.reveille.interfaces.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.domain.model.Text;

/**
 * The rules of {@link Text} for every query and path parameter of the API, before a resource sees them (and the
 * headers JAX-RS parses, which must parse): a query
 * parameter with a control character, an unpaired surrogate, malformed percent-encoding or invalid UTF-8 is refused
 * with 400 naming the parameter; such a path names no resource (404). The raw request URI is decoded here, strictly:
 * the framework would otherwise skip a malformed parameter or turn invalid UTF-8 into U+FFFD.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class RequestTextFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String rawPath = request.getUriInfo().getRequestUri().getRawPath();
        if (rawPath != null) {
            for (String segment : rawPath.split("/")) {
                String text = decode(segment, false);
                if (text == null || Text.problem(text) != null) {
                    throw new NotFoundException("No resource at this path: it contains characters no resource name has");
                }
            }
        }
        // headers JAX-RS parses itself: a malformed one (Accept: application/json;q=abc) would be a 500 from the framework
        parsed("Accept", request::getAcceptableMediaTypes);
        for (String header : List.of("Accept", "Content-Type")) {
            for (String value : request.getHeaders().getOrDefault(header, List.of())) {
                if (!qualitiesValid(value)) {   // the framework parses q only while matching, and fails with a 500
                    throw new InvalidInputException("Invalid header " + header + ": a q value is not a number from 0 to 1",
                            List.of(new Violation(header, "malformed " + header + " header: q must be a number from 0 to 1")));
                }
            }
        }
        parsed("Content-Type", request::getMediaType);
        parsed("Accept-Language", request::getAcceptableLanguages);
        String rawQuery = request.getUriInfo().getRequestUri().getRawQuery();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            String field = name == null || Text.problem(name) != null ? "query" : name;
            if (name == null || value == null) {
                throw invalid(field, "malformed percent-encoding or invalid UTF-8 in the query string");
            }
            String problem = Text.problem(name) != null ? Text.problem(name) : Text.problem(value);
            if (problem != null) {
                throw invalid(field, problem);
            }
        }
    }

    private static boolean qualitiesValid(String accept) {
        for (String range : accept.split(",")) {
            for (String parameter : range.split(";")) {
                int eq = parameter.indexOf('=');
                if (eq > 0 && parameter.substring(0, eq).trim().equalsIgnoreCase("q")) {
                    try {
                        float q = Float.parseFloat(parameter.substring(eq + 1).trim());
                        if (!(q >= 0 && q <= 1)) {
                            return false;
                        }
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static void parsed(String header, java.util.function.Supplier<?> parse) {
        try {
            parse.get();
        } catch (RuntimeException e) {
            throw new InvalidInputException("Invalid header " + header + ": it cannot be parsed",
                    List.of(new Violation(header, "malformed " + header + " header")));
        }
    }

    private static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException("Invalid query parameter " + field + ": " + message, List.of(new Violation(field, message)));
    }

    /** Percent-decodes strictly as UTF-8 ('+' is a space in a query); null when the text is malformed. */
    static String decode(String raw, boolean query) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == '+' && query) {
                bytes.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
                plain.setLength(0);
            }
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+' && query) {
                bytes.write(' ');
            } else {
                plain.append(c);
            }
        }
        bytes.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
