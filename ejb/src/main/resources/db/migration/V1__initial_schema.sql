-- Reveille schema, version 1. Portable SQL: the same script runs on H2 2.x and PostgreSQL 12+.
-- Invariants live here as constraints, so that they hold with several servers on one database.

CREATE SEQUENCE machine_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE machine (
    id          BIGINT       NOT NULL,
    resource_id VARCHAR(128) NOT NULL,
    name        VARCHAR(255) NOT NULL,
    name_key    VARCHAR(255) NOT NULL,
    chassis     VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     INTEGER      NOT NULL,
    CONSTRAINT pk_machine PRIMARY KEY (id),
    CONSTRAINT uk_machine_resource_id UNIQUE (resource_id),
    CONSTRAINT ck_machine_chassis CHECK (chassis IN ('SERVER', 'WORKSTATION', 'LAPTOP', 'UNKNOWN'))
);
CREATE INDEX ix_machine_name_key ON machine (name_key);

-- A machine's network adapters; a MAC appears at most once per machine.
CREATE TABLE nic (
    machine_id BIGINT      NOT NULL,
    position   INTEGER     NOT NULL,
    mac        VARCHAR(17) NOT NULL,
    ip         VARCHAR(15),
    subnet     VARCHAR(18),
    CONSTRAINT pk_nic PRIMARY KEY (machine_id, position),
    CONSTRAINT uk_nic_machine_mac UNIQUE (machine_id, mac),
    CONSTRAINT fk_nic_machine FOREIGN KEY (machine_id) REFERENCES machine (id) ON DELETE CASCADE
);
CREATE INDEX ix_nic_mac ON nic (mac);
CREATE INDEX ix_nic_subnet ON nic (subnet);

CREATE SEQUENCE machine_collection_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE machine_collection (
    id         BIGINT       NOT NULL,
    name       VARCHAR(255) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    version    INTEGER      NOT NULL,
    CONSTRAINT pk_machine_collection PRIMARY KEY (id),
    CONSTRAINT uk_machine_collection_name UNIQUE (name)
);
-- Members are resource ids: a collection may name machines the inventory has not pushed yet.
CREATE TABLE collection_member (
    collection_id BIGINT       NOT NULL,
    resource_id   VARCHAR(128) NOT NULL,
    CONSTRAINT pk_collection_member PRIMARY KEY (collection_id, resource_id),
    CONSTRAINT fk_collection_member_collection FOREIGN KEY (collection_id) REFERENCES machine_collection (id) ON DELETE CASCADE
);

-- What this server is responsible for: a subnet or an inclusive IP range, from a named source.
CREATE SEQUENCE boundary_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE boundary (
    id            BIGINT       NOT NULL,
    kind          VARCHAR(8)   NOT NULL,
    first_address BIGINT       NOT NULL,
    last_address  BIGINT       NOT NULL,
    source        VARCHAR(64)  NOT NULL,
    description   VARCHAR(255),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by    VARCHAR(128),
    CONSTRAINT pk_boundary PRIMARY KEY (id),
    CONSTRAINT uk_boundary UNIQUE (kind, first_address, last_address, source),
    CONSTRAINT ck_boundary_kind CHECK (kind IN ('SUBNET', 'RANGE')),
    CONSTRAINT ck_boundary_order CHECK (first_address <= last_address)
);

-- The agent list: one entry per subnet (network + prefix length, unique).
CREATE SEQUENCE subnet_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE subnet (
    id                  BIGINT      NOT NULL,
    network             BIGINT      NOT NULL,
    prefix_length       INTEGER     NOT NULL,
    state               VARCHAR(16) NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    state_changed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_contact_at     TIMESTAMP WITH TIME ZONE,
    unreachable_since   TIMESTAMP WITH TIME ZONE,
    discovery_queued_at TIMESTAMP WITH TIME ZONE,
    version             INTEGER     NOT NULL,
    CONSTRAINT pk_subnet PRIMARY KEY (id),
    CONSTRAINT uk_subnet_network UNIQUE (network, prefix_length),
    CONSTRAINT ck_subnet_state CHECK (state IN ('NEW', 'STALE', 'DISCOVERING', 'HEALTHY', 'UNREACHABLE')),
    CONSTRAINT ck_subnet_prefix CHECK (prefix_length BETWEEN 0 AND 32)
);
CREATE INDEX ix_subnet_state ON subnet (state, state_changed_at);

-- Registered agents. proxy_role is PRIMARY, ALTERNATE or NULL (an ordinary member); the unique key
-- allows any number of members but at most one Primary and one Alternate per subnet, whatever races.
CREATE SEQUENCE agent_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE agent (
    id               BIGINT       NOT NULL,
    subnet_id        BIGINT       NOT NULL,
    machine_name     VARCHAR(255) NOT NULL,
    address          VARCHAR(15)  NOT NULL,
    mac              VARCHAR(17),
    proxy_role       VARCHAR(16),
    protocol_version INTEGER      NOT NULL,
    secure           BOOLEAN      NOT NULL,
    registered_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    version          INTEGER      NOT NULL,
    CONSTRAINT pk_agent PRIMARY KEY (id),
    CONSTRAINT fk_agent_subnet FOREIGN KEY (subnet_id) REFERENCES subnet (id),
    CONSTRAINT uk_agent_subnet_role UNIQUE (subnet_id, proxy_role),
    CONSTRAINT uk_agent_subnet_address UNIQUE (subnet_id, address),
    CONSTRAINT ck_agent_role CHECK (proxy_role IN ('PRIMARY', 'ALTERNATE'))
);

-- Wake jobs: what was asked (items), and per target machine NIC what happened (targets).
CREATE SEQUENCE wake_job_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE wake_job (
    id           BIGINT       NOT NULL,
    source       VARCHAR(16)  NOT NULL,
    requested_by VARCHAR(128),
    state        VARCHAR(16)  NOT NULL,
    verify       BOOLEAN      NOT NULL,
    not_before   TIMESTAMP WITH TIME ZONE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    version      INTEGER      NOT NULL,
    CONSTRAINT pk_wake_job PRIMARY KEY (id),
    CONSTRAINT ck_wake_job_source CHECK (source IN ('REST', 'JMS', 'SCHEDULE', 'CONSOLE')),
    CONSTRAINT ck_wake_job_state CHECK (state IN ('RECEIVED', 'RESOLVING', 'RUNNING', 'DONE', 'CANCELLED'))
);
CREATE INDEX ix_wake_job_created ON wake_job (created_at);

CREATE TABLE wake_job_item (
    job_id   BIGINT       NOT NULL,
    position INTEGER      NOT NULL,
    kind     VARCHAR(16)  NOT NULL,
    item     VARCHAR(255) NOT NULL,
    CONSTRAINT pk_wake_job_item PRIMARY KEY (job_id, position),
    CONSTRAINT fk_wake_job_item_job FOREIGN KEY (job_id) REFERENCES wake_job (id) ON DELETE CASCADE,
    CONSTRAINT ck_wake_job_item_kind CHECK (kind IN ('NAME', 'RESOURCE_ID', 'COLLECTION', 'MAC'))
);

CREATE SEQUENCE wake_target_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE wake_target (
    id           BIGINT       NOT NULL,
    job_id       BIGINT       NOT NULL,
    requested_as VARCHAR(255) NOT NULL,
    resource_id  VARCHAR(128),
    machine_name VARCHAR(255),
    mac          VARCHAR(17),
    ip           VARCHAR(15),
    subnet       VARCHAR(18),
    state        VARCHAR(16)  NOT NULL,
    reason       VARCHAR(500),
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    version      INTEGER      NOT NULL,
    CONSTRAINT pk_wake_target PRIMARY KEY (id),
    CONSTRAINT fk_wake_target_job FOREIGN KEY (job_id) REFERENCES wake_job (id) ON DELETE CASCADE,
    CONSTRAINT ck_wake_target_state CHECK (state IN ('QUEUED', 'DISPATCHED', 'SENT', 'AWAKE', 'FAILED', 'SKIPPED'))
);
CREATE INDEX ix_wake_target_job_state ON wake_target (job_id, state);

-- Run-time settings: one row per setting that differs from its documented default.
CREATE TABLE setting (
    name       VARCHAR(64)  NOT NULL,
    setting_value VARCHAR(255) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by VARCHAR(128),
    CONSTRAINT pk_setting PRIMARY KEY (name)
);
