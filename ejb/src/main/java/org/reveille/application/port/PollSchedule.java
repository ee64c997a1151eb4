package org.reveille.application.port;

import java.time.Instant;

/** The Agent State Manager's schedule, as far as the application needs to know it. */
public interface PollSchedule {

    /** When the next timer poll is due, or null when the manager is disabled. */
    Instant nextPoll();
}
