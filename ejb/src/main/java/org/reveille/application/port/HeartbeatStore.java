package org.reveille.application.port;

import java.util.List;
import org.reveille.application.HeartbeatBuffer.Pending;
import org.reveille.net.Ipv4Address;

/** Writes held heartbeats in one go: the subnets' last contact and the agents' last-seen time, in the caller's transaction. */
public interface HeartbeatStore {

    /** Writes the heartbeats; returns the addresses that have no agent row (any more). */
    List<Ipv4Address> write(List<Pending> heartbeats);
}
