-- The agents' WAKE RESULTs move targets by job and MAC (WakeLedger.results: job_id = ? AND mac IN (...)). H2 looks
-- up an IN list through an index only when the list's column leads the index: with (job_id, mac) it scanned every
-- target of the job for each result (100,000 rows per WAKE RESULT of a bulk job). Leading with the MAC serves both
-- databases; PostgreSQL uses either order.
-- Portable SQL: the same script runs on H2 and PostgreSQL.

DROP INDEX ix_wake_target_job_mac;
CREATE INDEX ix_wake_target_mac_job ON wake_target (mac, job_id);
