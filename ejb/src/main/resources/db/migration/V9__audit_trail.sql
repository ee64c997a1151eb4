-- The audit trail (docs/architecture.md, "Audit trail"): one row per recorded change, written in the change's own
-- transaction and never updated; the retention timer (cluster timer 'audit-retention') removes rows older than the
-- setting auditRetentionDays, oldest first. Queries filter by time, user and kind, newest first.
CREATE SEQUENCE audit_event_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE audit_event (
    id       BIGINT                   NOT NULL,
    at       TIMESTAMP WITH TIME ZONE NOT NULL,
    actor    VARCHAR(128)             NOT NULL,
    channel  VARCHAR(16)              NOT NULL,
    address  VARCHAR(64),
    kind     VARCHAR(40)              NOT NULL,
    subject  VARCHAR(255),
    detail   VARCHAR(8000)            NOT NULL,
    node     VARCHAR(64)              NOT NULL,
    CONSTRAINT pk_audit_event PRIMARY KEY (id)
);

CREATE INDEX ix_audit_event_at ON audit_event (at, id);
CREATE INDEX ix_audit_event_actor_at ON audit_event (actor, at);
CREATE INDEX ix_audit_event_kind_at ON audit_event (kind, at);

INSERT INTO cluster_timer (name, runs) VALUES ('audit-retention', 0);
