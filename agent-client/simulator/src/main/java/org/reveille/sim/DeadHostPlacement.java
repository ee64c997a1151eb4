package org.reveille.sim;

/**
 * Where the dead hosts of a subnet fall in the server's ping list, which is ordered servers first, then
 * workstations, then laptops; live agents are workstations.
 */
public enum DeadHostPlacement {
    /** Dead hosts are servers: discovery meets them before any agent. */
    FIRST(SimulatedChassis.SERVER),
    /** Dead hosts are laptops: discovery finds the agents first. */
    LAST(SimulatedChassis.LAPTOP),
    /** Dead hosts are workstations like the agents, in address order among them. */
    AMONG_AGENTS(SimulatedChassis.WORKSTATION);

    final SimulatedChassis chassis;

    DeadHostPlacement(SimulatedChassis chassis) {
        this.chassis = chassis;
    }
}
