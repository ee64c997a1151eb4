package org.reveille.interfaces.health;

import java.util.Map;

/** One health probe of the application: readiness probes test a dependency, liveness probes the process. */
public interface Probe {

    record Result(String name, boolean up, Map<String, Object> data) {
    }

    Result check();
}
