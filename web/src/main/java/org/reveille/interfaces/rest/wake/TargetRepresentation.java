package org.reveille.interfaces.rest.wake;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** One machine of a wake job and how far it got (docs/api.md, "Wake"); absent values are left out. */
@JsonbPropertyOrder({"id", "requestedAs", "state", "attempts", "updatedAt", "resourceId", "machineName", "mac", "ip", "subnet",
        "reason", "lastError", "sentBy", "sentAt"})
public record TargetRepresentation(long id, String requestedAs, String state, int attempts, String updatedAt, String resourceId,
                                   String machineName, String mac, String ip, String subnet, String reason, String lastError,
                                   String sentBy, String sentAt) {
}
