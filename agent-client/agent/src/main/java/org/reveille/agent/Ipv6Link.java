package org.reveille.agent;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.reveille.net.Ipv6Prefix;
import org.reveille.wol.MagicPacket;

/**
 * The agent's IPv6 link (docs/protocol.md, "Version 4"; docs/network.md, "IPv6"): where magic packets go to
 * {@code ff02::1} as well, and the prefixes the agent registers with. The agent finds the real one on its interface
 * ({@link InterfaceIpv6Link}); the fleet simulator gives its agents a simulated one ({@link AgentConfig.Builder#ipv6Link}).
 * The agent closes its link when it stops.
 */
public interface Ipv6Link extends Closeable {

    /** The link's name for logs, e.g. the interface's {@code eth0}. */
    String name();

    /**
     * The link's global or unique-local prefixes, never link-local ones, distinct, at most
     * {@link org.reveille.protocol.Registration#MAX_IPV6_PREFIXES}; empty when it has none. Read at each registration.
     */
    List<Ipv6Prefix> prefixes();

    /**
     * Sends {@code packet} {@code repeat} times to {@code ff02::1} on the link, UDP port {@code port}.
     *
     * @return the number of datagrams sent
     */
    int send(MagicPacket packet, int port, int repeat) throws IOException;
}
