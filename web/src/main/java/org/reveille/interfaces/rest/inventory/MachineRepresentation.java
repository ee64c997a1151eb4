package org.reveille.interfaces.rest.inventory;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.reveille.domain.model.machine.Machine;
import org.reveille.domain.model.machine.Nic;

/** The JSON form of a machine: the same shape the inventory upsert accepts, plus timestamps. */
final class MachineRepresentation {

    private MachineRepresentation() {
    }

    static JsonObject of(Machine machine) {
        JsonArrayBuilder nics = Json.createArrayBuilder();
        for (Nic nic : machine.nics()) {
            JsonObjectBuilder json = Json.createObjectBuilder().add("mac", nic.mac().toString());
            if (nic.ip() != null) {
                json.add("ip", nic.ip().toString());
            }
            if (nic.subnet() != null) {
                json.add("subnet", nic.subnet().toString());
            }
            nics.add(json);
        }
        return Json.createObjectBuilder()
                .add("resourceId", machine.resourceId())
                .add("name", machine.name())
                .add("chassis", machine.chassis().jsonName())
                .add("nics", nics)
                .add("createdAt", machine.createdAt().toString())
                .add("updatedAt", machine.updatedAt().toString())
                .build();
    }
}
