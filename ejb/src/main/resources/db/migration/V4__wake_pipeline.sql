-- The wake pipeline (issue 5): what a job needs to be dispatched, retried, verified and cancelled.
-- Portable SQL: the same script runs on H2 and PostgreSQL.

ALTER TABLE wake_job ADD COLUMN secure_on_password VARCHAR(17);
ALTER TABLE wake_job ADD COLUMN finished_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE wake_job ADD COLUMN cancelled_by VARCHAR(128);

-- attempts: how many times the target was handed to an agent; sent_at/sent_by: the last hand-over that the agent
-- reported sent; last_error: why the last dispatch attempt failed (kept while the target waits for a retry).
ALTER TABLE wake_target ADD COLUMN attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE wake_target ADD COLUMN dispatched_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE wake_target ADD COLUMN sent_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE wake_target ADD COLUMN sent_by VARCHAR(15);
ALTER TABLE wake_target ADD COLUMN last_error VARCHAR(500);
ALTER TABLE wake_target ADD COLUMN concluded BOOLEAN DEFAULT FALSE NOT NULL;

-- results from agents arrive per (job, MAC); the monitor looks for targets by state
CREATE INDEX ix_wake_target_job_mac ON wake_target (job_id, mac);
CREATE INDEX ix_wake_target_state ON wake_target (state, concluded);
CREATE INDEX ix_wake_job_state ON wake_job (state);
