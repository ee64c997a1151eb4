package org.reveille.application.port;

import java.util.List;
import java.util.Map;
import org.reveille.net.Ipv4Address;
import org.reveille.wol.MagicPacket;

/**
 * "Send magic packets from the server itself" (docs/network.md, "Server-direct broadcast"): each packet once to each
 * directed-broadcast address, UDP to {@code port}. The application decides when (the subnet's policy) and to which
 * addresses; the implementation owns the socket.
 */
public interface DirectBroadcast {

    /** Sends every packet to every address; returns the addresses that refused them, each with the error (empty: all went). */
    Map<Ipv4Address, String> send(List<Ipv4Address> broadcasts, int port, List<MagicPacket> packets);
}
