package org.reveille.domain.model.machine;

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
import org.reveille.net.Ipv6Address;
import org.reveille.net.MacAddress;

/** One machine as an inventory system pushes it, validated. */
public record MachineImport(String resourceId, String name, Chassis chassis, List<Nic> nics) {

    public static final int MAX_MACHINES_PER_REQUEST = 10_000;
    public static final int MAX_NICS_PER_MACHINE = 32;

    /** A machine as sent, not yet validated: plain values, null where absent. */
    public record Input(String resourceId, String name, String chassis, List<NicInput> nics) {
    }

    /** A network adapter as sent, not yet validated. */
    public record NicInput(String mac, String ip, String subnet, String ipv6) {

        public NicInput(String mac, String ip, String subnet) {
            this(mac, ip, subnet, null);
        }
    }

    /**
     * Validates the machines of PUT /api/inventory/machines, {@code {"machines":[...]}}. All-or-nothing: every bad
     * row is reported (path {@code machines[i]...}) and nothing is returned when any row is bad.
     */
    public static List<MachineImport> parseBatch(List<Input> machines) {
        if (machines == null) {
            throw new InvalidInputException("machines", "the body must be an object with an array member 'machines'");
        }
        if (machines.size() > MAX_MACHINES_PER_REQUEST) {
            throw new InvalidInputException("machines", "at most " + MAX_MACHINES_PER_REQUEST
                    + " machines per request, got " + machines.size() + "; send them in batches");
        }
        List<Violation> violations = new ArrayList<>();
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

    private static MachineImport parse(Input json, String path, List<Violation> violations) {
        if (json == null) {
            violations.add(new Violation(path, "must be an object"));
            return null;
        }
        int before = violations.size();
        String resourceId = text(json.resourceId(), "resourceId", path, 128, true, violations);
        String name = text(json.name(), "name", path, 255, true, violations);
        Chassis chassis = Chassis.UNKNOWN;
        String chassisText = text(json.chassis(), "chassis", path, 16, false, violations);
        try {
            chassis = Chassis.parse(chassisText);
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(path + ".chassis", e.getMessage()));
        }
        List<Nic> nics = new ArrayList<>();
        List<NicInput> array = json.nics();
        if (array == null || array.isEmpty()) {
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

    private static Nic parseNic(NicInput json, String path, List<Violation> violations) {
        if (json == null) {
            violations.add(new Violation(path, "must be an object"));
            return null;
        }
        int before = violations.size();
        MacAddress mac = null;
        Ipv4Address ip = null;
        Cidr subnet = null;
        try {
            String text = text(json.mac(), "mac", path, 32, true, violations);
            mac = text == null ? null : MacAddress.parse(text);
        } catch (InvalidAddressException e) {
            violations.add(new Violation(path + ".mac", e.getMessage()));
        }
        try {
            String text = text(json.ip(), "ip", path, 32, false, violations);
            ip = text == null ? null : Ipv4Address.parse(text);
        } catch (InvalidAddressException e) {
            violations.add(new Violation(path + ".ip", e.getMessage()));
        }
        try {
            String text = text(json.subnet(), "subnet", path, 40, false, violations);
            subnet = text == null ? null : Cidr.parse(text);
        } catch (InvalidAddressException e) {
            violations.add(new Violation(path + ".subnet", e.getMessage()));
        }
        Ipv6Address ipv6 = null;
        try {
            String text = text(json.ipv6(), "ipv6", path, 45, false, violations);
            ipv6 = text == null ? null : Ipv6Address.parse(text);
            String problem = Nic.ipv6Problem(ipv6);
            if (problem != null) {
                violations.add(new Violation(path + ".ipv6", problem));
            }
        } catch (InvalidAddressException e) {
            violations.add(new Violation(path + ".ipv6", e.getMessage()));
        }
        if (violations.size() > before) {
            return null;
        }
        try {
            return new Nic(mac, ip, subnet, ipv6);
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(path + ".ip", e.getMessage()));
            return null;
        }
    }

    private static String text(String value, String member, String path, int maxLength, boolean required,
                               List<Violation> violations) {
        if (value == null) {
            if (required) {
                violations.add(new Violation(path + "." + member, "is required"));
            }
            return null;
        }
        String text = value.trim();
        if (text.isEmpty()) {
            if (required) {
                violations.add(new Violation(path + "." + member, "must not be empty"));
            }
            return null;
        }
        String problem = Text.problem(value);   // before trim(), which drops control characters at the ends
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
