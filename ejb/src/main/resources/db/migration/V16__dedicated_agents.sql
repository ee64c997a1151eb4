-- Dedicated agents (issue 16, item 3): an administrator pins one or two agents, by address, as a subnet's proxies
-- (domain.model.subnet.DedicatedAgents); stand_in says whether elected agents may stand in for a silent one. A subnet
-- whose dedicated agent is not serving is degraded from degraded_since.
-- Portable SQL: the same script runs on H2 and PostgreSQL.

ALTER TABLE subnet_policy ADD COLUMN dedicated_first VARCHAR(15);
ALTER TABLE subnet_policy ADD COLUMN dedicated_second VARCHAR(15);
ALTER TABLE subnet_policy ADD COLUMN stand_in BOOLEAN DEFAULT FALSE NOT NULL;

ALTER TABLE subnet ADD COLUMN degraded_since TIMESTAMP WITH TIME ZONE;
