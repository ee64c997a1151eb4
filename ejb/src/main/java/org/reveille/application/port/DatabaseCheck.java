package org.reveille.application.port;

import java.util.Map;

/** Whether the database answers a query on Reveille's schema within a few seconds (readiness). */
public interface DatabaseCheck {

    /** What the database said (product, migrations applied); throws with why when it did not answer. */
    Map<String, Object> check() throws Exception;
}
