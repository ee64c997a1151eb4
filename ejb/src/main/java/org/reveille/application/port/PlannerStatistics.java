package org.reveille.application.port;

/** Refreshes the database's planner statistics of a table that has just grown by a large step, in the caller's transaction. */
public interface PlannerStatistics {

    /** Only the tables the implementation knows (wake_target); a database that needs nothing does nothing. */
    void refresh(String table);
}
