-- Issue 12 (docs/benchmarks.md, "Wake-ups"): every query of wake targets by state now goes through their job
-- (the wake monitor looks up the unfinished jobs first, then their targets by the (job_id, state) index), so the
-- (state, concluded) index served nothing any more, and it cost a write on every insert and state change of the
-- 100,000 targets of a bulk job. Portable SQL: the same script runs on H2 and PostgreSQL.
DROP INDEX ix_wake_target_state;
