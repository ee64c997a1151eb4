package org.reveille.interfaces.json;

import java.util.List;
import org.reveille.domain.model.machine.MachineImport;

/** The body of PUT /api/inventory/machines: {@code {"machines": [...]}} (docs/api.md, "Inventory"). */
public record InventoryUpsertDocument(List<MachineDocument> machines) implements RequestDocument<List<MachineImport>> {

    /** One machine as an inventory system pushes it. */
    public record MachineDocument(String resourceId, String name, String chassis, List<NicDocument> nics) {
    }

    /** One network adapter of a machine; {@code ipv6} its global or unique-local IPv6 address. */
    public record NicDocument(String mac, String ip, String subnet, String ipv6) {
    }

    @Override
    public List<MachineImport> toCommand() {
        return MachineImport.parseBatch(machines == null ? null : machines.stream().map(m -> m == null ? null
                : new MachineImport.Input(m.resourceId(), m.name(), m.chassis(), m.nics() == null ? null : m.nics().stream()
                        .map(n -> n == null ? null : new MachineImport.NicInput(n.mac(), n.ip(), n.subnet(), n.ipv6())).toList())).toList());
    }
}
