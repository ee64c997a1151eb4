package org.reveille.interfaces.rest;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The one JSON-B instance (default configuration) for every representation RESTEasy writes and reads. Without a
 * resolver RESTEasy builds a new {@code Jsonb} for each response, which looks the JSON-B and JSON-P providers up
 * through the ServiceLoader every time (in a profile of single wake-ups, with the same lookups of JSON-P, 7.5 % of
 * the server's CPU samples; docs/benchmarks.md, "Issue 12: the wake path, session 5"). Yasson's {@code Jsonb} is
 * thread-safe.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class JsonbResolver implements ContextResolver<Jsonb> {

    private static final Jsonb JSONB = JsonbBuilder.create();

    /** The same instance, for a resource that writes JSON itself (a streamed export). */
    public static Jsonb shared() {
        return JSONB;
    }

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }
}
