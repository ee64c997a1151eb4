package org.reveille.interfaces.rest.inventory;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** The answer to PUT /api/inventory/machines: how many machines were received, created, updated and unchanged. */
@JsonbPropertyOrder({"received", "created", "updated", "unchanged"})
public record UpsertResultRepresentation(int received, int created, int updated, int unchanged) {
}
