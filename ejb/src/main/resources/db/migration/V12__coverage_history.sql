-- Coverage of the estate over time (issue 15, item 6; docs/architecture.md, "Insight"): one row per hour, written by
-- the first server to look in that hour (cluster timer 'coverage-history'; the primary key keeps a second one out),
-- removed after historyRetentionDays. (HOUR and DAY are keywords of H2: the columns are sample_hour and on_day.) Subnets by coverage: both proxies, one, none (and not unreachable), unreachable.
CREATE TABLE coverage_history (
    sample_hour           TIMESTAMP WITH TIME ZONE NOT NULL,
    subnets               INTEGER                  NOT NULL,
    primary_and_alternate INTEGER                  NOT NULL,
    one_agent             INTEGER                  NOT NULL,
    no_agent              INTEGER                  NOT NULL,
    unreachable           INTEGER                  NOT NULL,
    agents                INTEGER                  NOT NULL,
    recorded_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    node                  VARCHAR(64)              NOT NULL,
    CONSTRAINT pk_coverage_history PRIMARY KEY (sample_hour)
);

INSERT INTO cluster_timer (name, runs) VALUES ('coverage-history', 0);

-- What became of the wake targets, per day (the UTC day the job was due: its notBefore, else when it was made),
-- rolled up once per job when it finishes, in the transaction that finishes it. reason is a category (README,
-- "Metrics": the same words as the metric's reason label), never the free text.
CREATE TABLE wake_outcome_day (
    on_day  DATE        NOT NULL,
    state   VARCHAR(16) NOT NULL,
    reason  VARCHAR(32) NOT NULL,
    targets BIGINT      NOT NULL,
    CONSTRAINT pk_wake_outcome_day PRIMARY KEY (on_day, state, reason)
);

-- How long targets took from when their job was due to being sent (an agent took them) and, for verified jobs, to
-- answering: counts per bucket (upper bound in seconds; 0 for "longer than the last bound").
CREATE TABLE wake_latency_day (
    on_day        DATE        NOT NULL,
    kind          VARCHAR(8)  NOT NULL,
    upper_seconds INTEGER     NOT NULL,
    targets       BIGINT      NOT NULL,
    CONSTRAINT pk_wake_latency_day PRIMARY KEY (on_day, kind, upper_seconds),
    CONSTRAINT ck_wake_latency_day_kind CHECK (kind IN ('sent', 'awake'))
);

-- Failed targets per subnet and day: the subnets that fail most.
CREATE TABLE subnet_failure_day (
    on_day  DATE        NOT NULL,
    subnet  VARCHAR(18) NOT NULL,
    failed  BIGINT      NOT NULL,
    CONSTRAINT pk_subnet_failure_day PRIMARY KEY (on_day, subnet)
);
