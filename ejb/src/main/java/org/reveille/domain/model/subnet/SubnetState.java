package org.reveille.domain.model.subnet;

/** Where a subnet stands in the agent list. */
public enum SubnetState {
    /** Added to the agent list, never discovered. */
    NEW,
    /** No agent communication for longer than the stale-after setting: needs rediscovery. */
    STALE,
    /** AgentFinder is running for it. */
    DISCOVERING,
    /** Has a contactable Primary (and ideally an Alternate). */
    HEALTHY,
    /** Discovery found no agent. */
    UNREACHABLE
}
