package org.reveille.interfaces.rest.inventory;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * A collection (docs/api.md, "Collections"): in the list its name, size and time of change; alone also its
 * {@code members} (sorted) and those the inventory lacks ({@code notInInventory}). Absent values are left out.
 */
@JsonbPropertyOrder({"name", "members", "size", "notInInventory", "updatedAt"})
public record CollectionRepresentation(String name, List<String> members, int size, List<String> notInInventory, String updatedAt) {
}
