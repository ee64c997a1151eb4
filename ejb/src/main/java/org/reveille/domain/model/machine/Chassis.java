package org.reveille.domain.model.machine;

import java.util.Locale;

/** The machine's form factor. Discovery tries servers first, then workstations, laptops last. */
public enum Chassis {
    SERVER, WORKSTATION, LAPTOP, UNKNOWN;

    public static Chassis parse(String text) {
        if (text == null || text.isBlank()) {
            return UNKNOWN;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be one of server, workstation, laptop, unknown; was '" + text + "'");
        }
    }

    /** Order in a discovery ping list: lower goes first. Unknown sits between workstations and laptops. */
    public int discoveryRank() {
        return switch (this) {
            case SERVER -> 0;
            case WORKSTATION -> 1;
            case UNKNOWN -> 2;
            case LAPTOP -> 3;
        };
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
