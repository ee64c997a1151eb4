package org.reveille.interfaces.rest.agentlist;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** The 202 of POST /api/subnets/{id}/rescan: the subnet's rediscovery is queued. */
@JsonbPropertyOrder({"subnetId", "queued"})
public record RescanRepresentation(long subnetId, boolean queued) {
}
