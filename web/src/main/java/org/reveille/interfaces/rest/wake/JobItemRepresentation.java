package org.reveille.interfaces.rest.wake;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** One item of a wake request as it was asked for: {@code kind} (name, resourceId, collection, mac) and {@code value}. */
@JsonbPropertyOrder({"kind", "value"})
public record JobItemRepresentation(String kind, String value) {
}
