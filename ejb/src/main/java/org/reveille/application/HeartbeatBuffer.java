package org.reveille.application;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.reveille.net.Ipv4Address;

/**
 * Heartbeats of agents known to be registered, held in memory until {@link HeartbeatRecorder} writes them in one
 * batch (every second, and before any decision that reads the agents' last-seen times). An agent is "known" once
 * this server registered it or found its row on a heartbeat; it stops being known when a batch finds no row for it
 * (de-registered, its subnet deleted, by this or another server), so that its next heartbeat is answered
 * "not registered" and it registers again.
 */
@ApplicationScoped
public class HeartbeatBuffer {

    /** One agent's newest heartbeat not yet written. */
    public record Pending(Ipv4Address address, Instant at) {
    }

    private final Set<Ipv4Address> known = ConcurrentHashMap.newKeySet();
    private final Map<Ipv4Address, Instant> pending = new ConcurrentHashMap<>();

    /** Holds the heartbeat and returns true when the agent is known; returns false (and holds nothing) otherwise. */
    public boolean offer(Ipv4Address address, Instant at) {
        if (!known.contains(address)) {
            return false;
        }
        pending.merge(address, at, HeartbeatBuffer::newer);
        return true;
    }

    public void markKnown(Ipv4Address address) {
        known.add(address);
    }

    /** Forgets an agent: its next heartbeat is checked against the database again. A held heartbeat is dropped. */
    public void forget(Ipv4Address address) {
        known.remove(address);
        pending.remove(address);
    }

    /** The held heartbeat of an agent, newer than what the database says, if any. */
    public Optional<Instant> pending(Ipv4Address address) {
        return Optional.ofNullable(pending.get(address));
    }

    public int size() {
        return pending.size();
    }

    /** Takes every held heartbeat, ordered by address (batches of several servers lock rows in the same order). */
    public List<Pending> drain() {
        List<Pending> taken = new ArrayList<>(pending.size());
        for (Ipv4Address address : pending.keySet()) {
            Instant at = pending.remove(address);
            if (at != null) {
                taken.add(new Pending(address, at));
            }
        }
        taken.sort(Comparator.comparing(Pending::address));
        return taken;
    }

    /** Puts back heartbeats a batch could not write; a newer heartbeat held meanwhile wins. */
    public void restore(Collection<Pending> unwritten) {
        for (Pending p : unwritten) {
            if (known.contains(p.address())) {
                pending.merge(p.address(), p.at(), HeartbeatBuffer::newer);
            }
        }
    }

    private static Instant newer(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
