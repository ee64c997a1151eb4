-- Issue 12 (docs/benchmarks.md, "Wake-ups"): the indexes of wake_target, for a table that takes 100,000 rows in one
-- bulk job and one state change per row on their way to SENT. Portable SQL: the same script runs on H2 and PostgreSQL.

-- Every query of wake targets by state now goes through their job (the wake monitor looks up the unfinished jobs
-- first), so the (state, concluded) index served nothing any more, and it cost a write on every insert and state
-- change.
DROP INDEX ix_wake_target_state;

-- GET /api/jobs/{id}/targets?state=sent&limit=1, which a client polls while a bulk job runs, sorted every matching
-- target of the job by id to return one (H2 spilled the sort of up to 100,000 rows to a temporary file, four times a
-- second; 27 % of the server's CPU in a profile of the 100,000-target benchmark). With the id as the index's last
-- column, the page is read in order from the index (WakeJobQuery orders by job, state, id).
DROP INDEX ix_wake_target_job_state;
CREATE INDEX ix_wake_target_job_state_id ON wake_target (job_id, state, id);
