-- Scheduled wake-ups and maintenance windows (docs/architecture.md, "Schedules and maintenance windows").
--
-- A schedule wakes its targets (the items of POST /api/wake) at the firings of a cron expression or once, in a time
-- zone. next_firing_at is the firing due next (NULL when the schedule has ended); a server fires it under the
-- schedule's row lock and moves it on in the same transaction, so one firing runs once whatever the number of servers,
-- and schedule_firing's unique key (schedule_id, due_at) holds even if that lock did not.
CREATE SEQUENCE wake_schedule_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE wake_schedule (
    id             BIGINT                   NOT NULL,
    name           VARCHAR(255)             NOT NULL,
    description    VARCHAR(1024),
    cron           VARCHAR(200),
    once_at        TIMESTAMP WITH TIME ZONE,
    time_zone      VARCHAR(64)              NOT NULL,
    starts_at      TIMESTAMP WITH TIME ZONE,
    ends_at        TIMESTAMP WITH TIME ZONE,
    spread_seconds INTEGER                  NOT NULL,
    grace_seconds  INTEGER                  NOT NULL,
    verify         BOOLEAN                  NOT NULL,
    state          VARCHAR(16)              NOT NULL,
    next_firing_at TIMESTAMP WITH TIME ZONE,
    created_by     VARCHAR(128)             NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    version        INTEGER                  NOT NULL,
    CONSTRAINT pk_wake_schedule PRIMARY KEY (id),
    CONSTRAINT uk_wake_schedule_name UNIQUE (name),
    CONSTRAINT ck_wake_schedule_when CHECK ((cron IS NULL) <> (once_at IS NULL)),
    CONSTRAINT ck_wake_schedule_state CHECK (state IN ('ACTIVE', 'PAUSED', 'ENDED')),
    CONSTRAINT ck_wake_schedule_spread CHECK (spread_seconds >= 0),
    CONSTRAINT ck_wake_schedule_grace CHECK (grace_seconds >= 0)
);
-- the timers' look-up: active schedules whose next firing is due
CREATE INDEX ix_wake_schedule_due ON wake_schedule (state, next_firing_at);

CREATE TABLE wake_schedule_item (
    schedule_id BIGINT       NOT NULL,
    position    INTEGER      NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    item        VARCHAR(510) NOT NULL,
    CONSTRAINT pk_wake_schedule_item PRIMARY KEY (schedule_id, position),
    CONSTRAINT fk_wake_schedule_item_schedule FOREIGN KEY (schedule_id) REFERENCES wake_schedule (id) ON DELETE CASCADE,
    CONSTRAINT ck_wake_schedule_item_kind CHECK (kind IN ('NAME', 'RESOURCE_ID', 'COLLECTION', 'MAC'))
);

-- One row per firing: FIRED (job_id is its wake job), MISSED (the servers were down past the grace period, or a later
-- firing was due too) or FAILED (the wake request was refused; reason says why). Kept when the job is purged.
CREATE SEQUENCE schedule_firing_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE schedule_firing (
    id          BIGINT                   NOT NULL,
    schedule_id BIGINT                   NOT NULL,
    due_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome     VARCHAR(16)              NOT NULL,
    job_id      BIGINT,
    reason      VARCHAR(1024),
    node        VARCHAR(64)              NOT NULL,
    CONSTRAINT pk_schedule_firing PRIMARY KEY (id),
    CONSTRAINT uk_schedule_firing_due UNIQUE (schedule_id, due_at),
    CONSTRAINT fk_schedule_firing_schedule FOREIGN KEY (schedule_id) REFERENCES wake_schedule (id) ON DELETE CASCADE,
    CONSTRAINT fk_schedule_firing_job FOREIGN KEY (job_id) REFERENCES wake_job (id) ON DELETE SET NULL,
    CONSTRAINT ck_schedule_firing_outcome CHECK (outcome IN ('FIRED', 'MISSED', 'FAILED'))
);
CREATE INDEX ix_schedule_firing_job ON schedule_firing (job_id);

-- The job a firing created names its schedule (NULL for other jobs, and once the schedule is deleted).
ALTER TABLE wake_job ADD COLUMN schedule_id BIGINT;
ALTER TABLE wake_job ADD CONSTRAINT fk_wake_job_schedule FOREIGN KEY (schedule_id) REFERENCES wake_schedule (id) ON DELETE SET NULL;
CREATE INDEX ix_wake_job_schedule ON wake_job (schedule_id, created_at);

-- A maintenance window of a collection: it opens at the firings of cron in time_zone and stays open duration_minutes.
-- A wake naming the collection outside all its windows is deferred to the next opening or refused, as the window that
-- opens next says (rule).
CREATE SEQUENCE maintenance_window_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE maintenance_window (
    id               BIGINT                   NOT NULL,
    name             VARCHAR(255)             NOT NULL,
    collection_id    BIGINT                   NOT NULL,
    cron             VARCHAR(200)             NOT NULL,
    time_zone        VARCHAR(64)              NOT NULL,
    duration_minutes INTEGER                  NOT NULL,
    rule             VARCHAR(16)              NOT NULL,
    created_by       VARCHAR(128)             NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          INTEGER                  NOT NULL,
    CONSTRAINT pk_maintenance_window PRIMARY KEY (id),
    CONSTRAINT uk_maintenance_window_name UNIQUE (name),
    CONSTRAINT fk_maintenance_window_collection FOREIGN KEY (collection_id) REFERENCES machine_collection (id) ON DELETE CASCADE,
    CONSTRAINT ck_maintenance_window_rule CHECK (rule IN ('DEFER', 'REFUSE')),
    CONSTRAINT ck_maintenance_window_duration CHECK (duration_minutes > 0)
);
CREATE INDEX ix_maintenance_window_collection ON maintenance_window (collection_id);
