package org.reveille.domain.model.subnet;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.reveille.domain.model.InvalidInputException;

/**
 * Whether the server sends a subnet's magic packets itself, as a directed broadcast (docs/network.md, "Server-direct
 * broadcast"): for subnets without a Reveille agent (a server VLAN, a lab) or whose agents are all off, on networks
 * whose routers forward directed broadcasts from the server.
 */
public enum ServerDirect {
    /** Only the subnet's agents (the default). */
    NEVER,
    /** The server, when the subnet has no Primary or Alternate, or none of them could be reached. */
    WHEN_NO_AGENT,
    /** The server as well as the agent, for every target. */
    ALWAYS_ALSO;

    /** {@code never}, {@code when-no-agent}, {@code always-also}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The mode a request names; {@code field} names it in the error. */
    public static ServerDirect parse(String text, String field) {
        for (ServerDirect mode : values()) {
            if (mode.wire().equals(text)) {
                return mode;
            }
        }
        throw new InvalidInputException(field, "must be one of " + Arrays.stream(values()).map(ServerDirect::wire)
                .collect(Collectors.joining(", ")) + (text == null ? "" : ", not '" + text + "'"));
    }
}
