package org.reveille.agent;

import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.wol.SecureOnPassword;

/** What the command line asked for. */
public sealed interface AgentCommand {

    /** Print the usage text. */
    record Help() implements AgentCommand {
    }

    /** Run the agent until stopped. */
    record Run(AgentConfig config) implements AgentCommand {
    }

    /** Send magic packets for one MAC and exit. {@code from} and {@code password} may be null. */
    record Wake(MacAddress mac, Ipv4Address broadcast, int port, int repeat, SecureOnPassword password,
            Ipv4Address from) implements AgentCommand {
    }
}
