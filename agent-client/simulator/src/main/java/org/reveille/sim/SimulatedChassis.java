package org.reveille.sim;

/** The chassis types of the inventory contract; the server pings servers first and laptops last. */
public enum SimulatedChassis {
    SERVER, WORKSTATION, LAPTOP, UNKNOWN;

    /** The JSON value of the inventory REST body. */
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
