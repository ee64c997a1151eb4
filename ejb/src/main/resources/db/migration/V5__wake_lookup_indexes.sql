-- Look-ups that a bulk wake-up repeats thousands of times a second (issue 5, docs/benchmarks.md).
-- Portable SQL: the same script runs on H2 and PostgreSQL.

-- The agents' WAKE RESULTs move targets by job and MAC (WakeLedger.results: job_id = ? AND mac IN (...)). H2 looks
-- up an IN list through an index only when the list's column leads the index: with (job_id, mac) it scanned every
-- target of the job for each result (100,000 rows per WAKE RESULT of a bulk job). Leading with the MAC serves both
-- databases; PostgreSQL uses either order.
DROP INDEX ix_wake_target_job_mac;
CREATE INDEX ix_wake_target_mac_job ON wake_target (mac, job_id);

-- Heartbeats, GOING DOWN and registrations find an agent by its address alone; the unique key (subnet_id, address)
-- does not serve that, so every heartbeat read the whole agent table (4,000 rows for 2,000 subnets).
CREATE INDEX ix_agent_address ON agent (address);
