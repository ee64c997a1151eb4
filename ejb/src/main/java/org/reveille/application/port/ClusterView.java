package org.reveille.application.port;

import java.util.List;

/**
 * The Reveille servers this one is clustered with (docs/cluster.md, "The nodes"): WildFly's view of its cluster when
 * it runs the HA configuration, else this server alone. Nothing depends on it for correctness (timers, jobs and
 * agents are shared through the database, the broker and the agents' server lists); operators read it.
 */
public interface ClusterView {

    /** The members as this node sees them now. */
    Membership membership();

    /**
     * {@code node}: this server's node name; {@code clustered}: whether it runs in a cluster (the HA configuration),
     * even alone in it; {@code coordinator}: the member the cluster agrees on as its oldest; {@code members}: every
     * member's node name, in the cluster's order.
     */
    record Membership(String node, boolean clustered, String coordinator, List<String> members) {

        public Membership {
            members = List.copyOf(members);
        }
    }
}
