package org.reveille.application.port;

import java.time.Duration;

/**
 * Timers that must run once per interval for all servers on one database (docs/cluster.md, "Timers once per
 * cluster"): each server's timer asks to {@link #claim} the interval before it works.
 */
public interface ClusterTimers {

    /**
     * Whether this server runs timer {@code name} now: true for the server that ran it last, and for any server once
     * the last run is 1.5 × {@code interval} old (the server that ran it has stopped); false for the others.
     * Committed on its own, so a claim is never rolled back by the work it allows. A last run that lies more than an
     * interval in the future (a clock put back, another server's clock ahead) counts as due, so no server waits for it.
     */
    boolean claim(String name, Duration interval);
}
