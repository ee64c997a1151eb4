package org.reveille.sim;

/**
 * Where the dead hosts of a subnet fall in the server's ping list, which is ordered servers first, then
 * workstations, then laptops; live agents are workstations.
 */
public enum DeadHostPlacement {
    /** Dead hosts are servers: discovery meets them before any agent. */
    FIRST(Chassis.SERVER),
    /** Dead hosts are laptops: discovery finds the agents first. */
    LAST(Chassis.LAPTOP),
    /** Dead hosts are workstations like the agents, in address order among them. */
    AMONG_AGENTS(Chassis.WORKSTATION);

    final Chassis chassis;

    DeadHostPlacement(Chassis chassis) {
        this.chassis = chassis;
    }
}
