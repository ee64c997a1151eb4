package org.reveille.sim;

import java.util.Collection;

/**
 * Writes machines as the body of the server's {@code PUT /api/inventory/machines}:
 * {@code {"machines":[{"resourceId":…,"name":…,"chassis":…,"nics":[{"mac":…,"ip":…,"subnet":…}]}]}}, and in a NIC
 * {@code "ipv6":…} when the machine has an IPv6 address (a fleet with IPv6).
 */
public final class InventoryJson {

    private InventoryJson() {
    }

    public static String of(Collection<SimulatedMachine> machines) {
        StringBuilder json = new StringBuilder(machines.size() * 160 + 16).append("{\"machines\":[");
        boolean first = true;
        for (SimulatedMachine m : machines) {
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append("{\"resourceId\":").append(string(m.resourceId()))
                    .append(",\"name\":").append(string(m.name()))
                    .append(",\"chassis\":").append(string(m.chassis().json()))
                    .append(",\"nics\":[{\"mac\":").append(string(m.mac().toString()))
                    .append(",\"ip\":").append(string(m.ip().toString()))
                    .append(",\"subnet\":").append(string(m.subnet().toString()));
            if (m.ipv6() != null) {
                json.append(",\"ipv6\":").append(string(m.ipv6().toString()));
            }
            json.append("}]}");
        }
        return json.append("]}").toString();
    }

    /** A JSON string literal; escapes what RFC 8259 requires. */
    static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
