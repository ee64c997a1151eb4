package org.reveille.domain.model.machine;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Text;
import org.reveille.domain.model.Violation;
import org.reveille.net.Cidr;
import org.reveille.net.InvalidAddressException;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/** One machine as an inventory system pushes it, validated. */
public record MachineImport(String resourceId, String name, Chassis chassis, List<Nic> nics) {

    public static final int MAX_MACHINES_PER_REQUEST = 10_000;
    public static final int MAX_NICS_PER_MACHINE = 32;
    private static final Set<String> MACHINE_MEMBERS = Set.of("resourceId", "name", "chassis", "nics");
    private static final Set<String> NIC_MEMBERS = Set.of("mac", "ip", "subnet");

    /**
     * Parses the body of PUT /api/inventory/machines, {@code {"machines":[...]}}. All-or-nothing: every bad
     * row is reported (path {@code machines[i]...}) and nothing is returned when any row is bad.
     */
    public static List<MachineImport> parseBatch(JsonValue body) {
        if (!(body instanceof JsonObject object) || !(object.get("machines") instanceof JsonArray machines)) {
            throw new InvalidInputException("machines", "the body must be an object with an array member 'machines'");
        }
        if (machines.size() > MAX_MACHINES_PER_REQUEST) {
            throw new InvalidInputException("machines", "at most " + MAX_MACHINES_PER_REQUEST
                    + " machines per request, got " + machines.size() + "; send them in batches");
        }
        List<Violation> violations = new ArrayList<>();
        object.keySet().stream().filter(k -> !k.equals("machines"))
                .forEach(k -> violations.add(new Violation(k, "unknown member; expected machines")));
        List<MachineImport> imports = new ArrayList<>(machines.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < machines.size(); i++) {
            String path = "machines[" + i + "]";
            MachineImport machine = parse(machines.get(i), path, violations);
            if (machine != null && !seen.add(machine.resourceId())) {
                violations.add(new Violation(path + ".resourceId", "duplicate resourceId '" + machine.resourceId() + "' in this request"));
            } else if (machine != null) {
                imports.add(machine);
            }
        }
        if (!violations.isEmpty()) {
            long rows = violations.stream().filter(v -> v.field().startsWith("machines["))
                    .map(v -> v.field().substring(0, v.field().indexOf(']') + 1)).distinct().count();
            throw new InvalidInputException(rows == 0 ? "Invalid inventory request; nothing was stored"
                    : rows + " of " + machines.size() + " machine(s) are invalid; nothing was stored", violations);
        }
        return imports;
    }

    private static MachineImport parse(JsonValue value, String path, List<Violation> violations) {
        if (!(value instanceof JsonObject json)) {
            violations.add(new Violation(path, "must be an object"));
            return null;
        }
        int before = violations.size();
        unknownMembers(json, MACHINE_MEMBERS, path, violations);
        String resourceId = text(json, "resourceId", path, 128, true, violations);
        String name = text(json, "name", path, 255, true, violations);
        Chassis chassis = Chassis.UNKNOWN;
        String chassisText = text(json, "chassis", path, 16, false, violations);
        try {
            chassis = Chassis.parse(chassisText);
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(path + ".chassis", e.getMessage()));
        }
        List<Nic> nics = new ArrayList<>();
        JsonValue nicsValue = json.get("nics");
        if (!(nicsValue instanceof JsonArray array) || array.isEmpty()) {
            violations.add(new Violation(path + ".nics", "must be a non-empty array of network adapters"));
        } else if (array.size() > MAX_NICS_PER_MACHINE) {
            violations.add(new Violation(path + ".nics", "at most " + MAX_NICS_PER_MACHINE + " network adapters"));
        } else {
            Set<MacAddress> macs = new HashSet<>();
            for (int n = 0; n < array.size(); n++) {
                Nic nic = parseNic(array.get(n), path + ".nics[" + n + "]", violations);
                if (nic != null && !macs.add(nic.mac())) {
                    violations.add(new Violation(path + ".nics[" + n + "].mac", "duplicate MAC " + nic.mac() + " on this machine"));
                } else if (nic != null) {
                    nics.add(nic);
                }
            }
        }
        return violations.size() == before ? new MachineImport(resourceId, name, chassis, List.copyOf(nics)) : null;
    }

    private static Nic parseNic(JsonValue value, String path, List<Violation> violations) {
        if (!(value instanceof JsonObject json)) {
            violations.add(new Violation(path, "must be an object"));
            return null;
        }
        int before = violations.size();
        unknownMembers(json, NIC_MEMBERS, path, violations);
        MacAddress mac = null;
        Ipv4Address ip = null;
        Cidr subnet = null;
        try {
            String text = text(json, "mac", path, 32, true, violations);
            mac = text == null ? null : MacAddress.parse(text);
        } catch (InvalidAddressException e) {
            violations.add(new Violation(path + ".mac", e.getMessage()));
        }
        try {
            String text = text(json, "ip", path, 32, false, violations);
            ip = text == null ? null : Ipv4Address.parse(text);
        } catch (InvalidAddressException e) {
            violations.add(new Violation(path + ".ip", e.getMessage()));
        }
        try {
            String text = text(json, "subnet", path, 40, false, violations);
            subnet = text == null ? null : Cidr.parse(text);
        } catch (InvalidAddressException e) {
            violations.add(new Violation(path + ".subnet", e.getMessage()));
        }
        if (violations.size() > before) {
            return null;
        }
        try {
            return new Nic(mac, ip, subnet);
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(path + ".ip", e.getMessage()));
            return null;
        }
    }

    private static void unknownMembers(JsonObject json, Set<String> known, String path, List<Violation> violations) {
        for (String member : json.keySet()) {
            if (!known.contains(member)) {
                violations.add(new Violation(path + "." + member, "unknown member; expected one of " + String.join(", ", known)));
            }
        }
    }

    private static String text(JsonObject json, String member, String path, int maxLength, boolean required,
                               List<Violation> violations) {
        JsonValue value = json.get(member);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                violations.add(new Violation(path + "." + member, "is required"));
            }
            return null;
        }
        if (!(value instanceof JsonString string)) {
            violations.add(new Violation(path + "." + member, "must be a string"));
            return null;
        }
        String text = string.getString().trim();
        if (text.isEmpty()) {
            if (required) {
                violations.add(new Violation(path + "." + member, "must not be empty"));
            }
            return null;
        }
        String problem = Text.problem(string.getString());   // before trim(), which drops control characters at the ends
        if (problem == null && Text.length(text) > maxLength) {
            problem = "must be at most " + maxLength + " characters";
        }
        if (problem == null && member.equals("resourceId")) {
            problem = Text.resourceIdProblem(text);
        }
        if (problem != null) {
            violations.add(new Violation(path + "." + member, problem));
            return null;
        }
        return text;
    }
}
