package org.reveille.interfaces.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.reveille.interfaces.json.RequestBinder;
import org.reveille.interfaces.json.RequestDocument;

/**
 * Reads a request body into its typed record: first {@link StrictJsonReader} (the refusals docs/api.md lists under
 * "Errors": invalid UTF-8, duplicate members, control characters, nesting), then {@link RequestBinder} (unknown
 * members and wrong types named by their JSON path, then JSON-B). The domain's own checks follow in
 * {@link RequestDocument#toCommand()}.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
public class RequestDocumentReader implements MessageBodyReader<Record> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord() && RequestDocument.class.isAssignableFrom(type);
    }

    @Override
    public Record readFrom(Class<Record> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> httpHeaders, InputStream body) throws IOException {
        return RequestBinder.bind(StrictJsonReader.read(body), type);
    }
}
