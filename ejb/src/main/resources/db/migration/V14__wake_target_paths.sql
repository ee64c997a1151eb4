-- Wake paths beyond the elected agents (issue 16): the ways a target's magic packets went when it was handed over,
-- as text ("subnet 127.1.2.255; paired 127.1.3.255 (not sent: why)", domain.model.wake.WakePaths); null for a target
-- never handed over. Written by the hand-over's one write, and again only when an agent reports a path not taken.
-- Portable SQL: the same script runs on H2 and PostgreSQL.

ALTER TABLE wake_target ADD COLUMN paths VARCHAR(1000);
