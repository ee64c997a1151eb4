package org.reveille.interfaces.rest.inventory;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.reveille.domain.model.machine.Machine;

/** A machine as the API shows it: the shape the inventory upsert accepts, plus timestamps (docs/api.md, "Inventory"). */
@JsonbPropertyOrder({"resourceId", "name", "chassis", "nics", "createdAt", "updatedAt"})
public record MachineRepresentation(String resourceId, String name, String chassis, List<NicRepresentation> nics,
                                    String createdAt, String updatedAt) {

    /** A network adapter; {@code ip}, {@code subnet} and {@code ipv6} are left out when unknown. */
    @JsonbPropertyOrder({"mac", "ip", "subnet", "ipv6"})
    public record NicRepresentation(String mac, String ip, String subnet, String ipv6) {
    }

    /** The assembler: the representation of a machine. */
    static MachineRepresentation of(Machine machine) {
        return new MachineRepresentation(machine.resourceId(), machine.name(), machine.chassis().jsonName(),
                machine.nics().stream().map(nic -> new NicRepresentation(nic.mac().toString(),
                        nic.ip() == null ? null : nic.ip().toString(), nic.subnet() == null ? null : nic.subnet().toString(),
                        nic.ipv6() == null ? null : nic.ipv6().toString())).toList(),
                machine.createdAt().toString(), machine.updatedAt().toString());
    }
}
