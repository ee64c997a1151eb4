package org.reveille.interfaces.rest.wake;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** One machine of a wake job and how far it got (docs/api.md, "Wake"); absent values are left out. */
@JsonbPropertyOrder({"id", "requestedAs", "state", "attempts", "updatedAt", "resourceId", "machineName", "mac", "ip", "subnet",
        "reason", "lastError", "sentBy", "sentAt", "paths"})
public record TargetRepresentation(long id, String requestedAs, String state, int attempts, String updatedAt, String resourceId,
                                   String machineName, String mac, String ip, String subnet, String reason, String lastError,
                                   String sentBy, String sentAt, List<PathRepresentation> paths) {

    /**
     * One way the target's packets went at its last hand-over (docs/network.md): {@code subnet}, its own subnet's
     * broadcast, {@code paired}, a paired subnet's directed broadcast, or {@code link}, the IPv6 link's ff02::1, by the
     * agent {@code sentBy}; {@code server} and {@code server-paired} by the server itself; a path not taken says why
     * in {@code notSent}.
     */
    @JsonbPropertyOrder({"kind", "address", "sent", "notSent"})
    public record PathRepresentation(String kind, String address, boolean sent, String notSent) {
    }
}
