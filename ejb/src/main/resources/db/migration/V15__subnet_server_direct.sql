-- Server-direct broadcast (issue 16, item 2): whether the server sends a subnet's magic packets itself, as a directed
-- broadcast: NEVER (the default), WHEN_NO_AGENT, ALWAYS_ALSO (domain.model.subnet.ServerDirect).
-- Portable SQL: the same script runs on H2 and PostgreSQL.

ALTER TABLE subnet_policy ADD COLUMN server_direct VARCHAR(16) DEFAULT 'NEVER' NOT NULL;

-- a target's paths now include the server's own (domain.model.wake.WakePaths.MAX_TEXT)
ALTER TABLE wake_target ALTER COLUMN paths SET DATA TYPE VARCHAR(2000);
