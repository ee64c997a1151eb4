-- The Agent State Manager's record: one row. Every poll locks it (SELECT ... FOR UPDATE), so polls of several
-- servers sharing the database run one at a time, and it keeps what the last poll did for the API and console.
CREATE TABLE agent_state_manager (
    id                INTEGER      NOT NULL,
    last_started_at   TIMESTAMP WITH TIME ZONE,
    last_finished_at  TIMESTAMP WITH TIME ZONE,
    last_trigger      VARCHAR(16),
    last_server       VARCHAR(64),
    last_new          INTEGER      NOT NULL,
    last_stale        INTEGER      NOT NULL,
    last_deleted      INTEGER      NOT NULL,
    last_queued       INTEGER      NOT NULL,
    last_remaining    INTEGER      NOT NULL,
    last_out_of_bounds INTEGER     NOT NULL,
    polls             BIGINT       NOT NULL,
    CONSTRAINT pk_agent_state_manager PRIMARY KEY (id),
    CONSTRAINT ck_agent_state_manager_one_row CHECK (id = 1)
);
INSERT INTO agent_state_manager (id, last_new, last_stale, last_deleted, last_queued, last_remaining, last_out_of_bounds, polls)
VALUES (1, 0, 0, 0, 0, 0, 0, 0);
