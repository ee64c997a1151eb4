package org.reveille.application.port;

/**
 * Refreshes the database's planner statistics of a table that has just grown by a large step, in the caller's
 * transaction (docs/architecture.md, "Ports").
 */
public interface PlannerStatistics {

    /** Only the tables the implementation knows; a database that needs nothing does nothing. */
    void refresh(String table);

    /**
     * {@link #refresh} when {@code added} new rows are a large step for the statistics the database has of
     * {@code table}: it has none yet, or they count fewer than ten times as many rows (autovacuum's own rule, applied
     * at once instead of up to a minute later).
     */
    void grown(String table, long added);
}
