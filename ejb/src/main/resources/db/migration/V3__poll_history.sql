-- The Agent State Manager's poll history: one row per poll that ran (a skipped timer poll leaves none). The id is
-- the poll's number, agent_state_manager.polls after it: the locked poll record hands the numbers out one at a time,
-- so ids follow the order in which the polls of every server ran. The poll that writes number n deletes the rows
-- up to n - 1000, so the table keeps the newest 1,000 polls.
CREATE TABLE agent_state_manager_poll (
    id                  BIGINT      NOT NULL,
    server              VARCHAR(64) NOT NULL,
    poll_trigger        VARCHAR(16) NOT NULL,
    started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    new_count           INTEGER     NOT NULL,
    stale_count         INTEGER     NOT NULL,
    deleted_count       INTEGER     NOT NULL,
    queued_count        INTEGER     NOT NULL,
    remaining_count     INTEGER     NOT NULL,
    out_of_bounds_count INTEGER     NOT NULL,
    CONSTRAINT pk_agent_state_manager_poll PRIMARY KEY (id),
    CONSTRAINT ck_agent_state_manager_poll_trigger CHECK (poll_trigger IN ('timer', 'manual')),
    CONSTRAINT ck_agent_state_manager_poll_times CHECK (started_at <= finished_at)
);

-- The subnets a poll queued for discovery, in queue order (oldest first).
CREATE TABLE agent_state_manager_poll_queued (
    poll_id  BIGINT      NOT NULL,
    position INTEGER     NOT NULL,
    subnet   VARCHAR(18) NOT NULL,
    CONSTRAINT pk_agent_state_manager_poll_queued PRIMARY KEY (poll_id, position),
    CONSTRAINT fk_agent_state_manager_poll_queued_poll FOREIGN KEY (poll_id) REFERENCES agent_state_manager_poll (id) ON DELETE CASCADE
);
