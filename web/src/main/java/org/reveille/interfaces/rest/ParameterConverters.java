package org.reveille.interfaces.rest;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;
import java.util.List;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;

/**
 * Numbers and booleans in path and query parameters: a value that is not one (/api/jobs/abc, ?limit=abc,
 * ?limit=99999999999, ?rescan=maybe) is refused with 400 naming the parameter. Without this, JAX-RS answers 404 for a
 * path or query parameter it cannot convert, and quotes its own message; and a boolean would read anything but
 * "true" as false.
 */
@Provider
public class ParameterConverters implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = name(annotations);
        if (name == null) {
            return null;
        }
        // an empty optional number (?limit=) means "not given", as it did before
        boolean optional = rawType == Long.class || rawType == Integer.class;
        if (rawType == long.class || rawType == Long.class) {
            return (ParamConverter<T>) converter(name, text -> optional && text.isBlank() ? null
                    : Long.valueOf(number(name, text, Long.MIN_VALUE, Long.MAX_VALUE)));
        }
        if (rawType == int.class || rawType == Integer.class) {
            return (ParamConverter<T>) converter(name, text -> optional && text.isBlank() ? null
                    : Integer.valueOf((int) number(name, text, Integer.MIN_VALUE, Integer.MAX_VALUE)));
        }
        if (rawType == boolean.class || rawType == Boolean.class) {
            return (ParamConverter<T>) converter(name, text -> switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw invalid(name, "must be true or false");
            });
        }
        return null;
    }

    private static long number(String name, String text, long min, long max) {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            if (!text.trim().matches("[+-]?[0-9]+")) {
                throw invalid(name, "must be a whole number");
            }
        }
        throw invalid(name, "is out of range (a whole number from " + min + " to " + max + ")");
    }

    private static InvalidInputException invalid(String name, String message) {
        return new InvalidInputException("Invalid parameter " + name + ": " + message, List.of(new Violation(name, message)));
    }

    private static <T> ParamConverter<T> converter(String name, Function<String, T> parse) {
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                return value == null ? null : parse.apply(value);
            }

            @Override
            public String toString(T value) {
                return String.valueOf(value);
            }
        };
    }

    private static String name(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof PathParam path) {
                return path.value();
            }
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
        }
        return null;
    }
}
