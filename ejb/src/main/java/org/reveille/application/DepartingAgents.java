package org.reveille.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.reveille.net.Ipv4Address;

/**
 * The agents that said GOING DOWN recently (issue 11, item 3). The rediscovery a departure starts runs while the
 * departing agent is still listening, so without this it would ask that very agent to register and make it the
 * Alternate. For {@link #WINDOW} after its GOING DOWN an address is skipped by discovery and its discovery-style
 * registration (requested role MEMBER) is refused; a returning agent claiming its former role
 * (docs/architecture.md#flow-a-returning-agent) is welcome at once and clears the mark. Kept in memory: the departure
 * and the discovery it queues are handled by this server.
 */
@ApplicationScoped
public class DepartingAgents {

    /** Long enough for an orderly stop to finish; a machine that reboots is a candidate again afterwards. */
    static final Duration WINDOW = Duration.ofSeconds(Long.getLong("reveille.departing-agent-window-seconds", 120));

    private final Map<Ipv4Address, Instant> departed = new ConcurrentHashMap<>();

    @Inject
    private Clock clock;

    public void goingDown(Ipv4Address address) {
        Instant now = clock.instant();
        departed.values().removeIf(at -> at.plus(WINDOW).isBefore(now));
        departed.put(address, now);
    }

    /** How long ago this address said GOING DOWN, when that is within the window. */
    public Optional<Duration> departedRecently(Ipv4Address address) {
        Instant at = departed.get(address);
        if (at == null) {
            return Optional.empty();
        }
        Duration ago = Duration.between(at, clock.instant());
        if (ago.compareTo(WINDOW) > 0) {
            departed.remove(address, at);
            return Optional.empty();
        }
        return Optional.of(ago);
    }

    /** The agent is back of its own accord (docs/architecture.md#flow-a-returning-agent): no longer departing. */
    public void returned(Ipv4Address address) {
        departed.remove(address);
    }
}
