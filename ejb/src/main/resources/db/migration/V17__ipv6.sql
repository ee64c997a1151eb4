-- IPv6 (issue 16, item 4; docs/network.md, "IPv6"): a NIC may have an IPv6 address; an IPv6 prefix of a link names
-- the IPv4 subnet (of the agent list) that is the same link, learned from the agents' REGISTRATION (protocol version 4)
-- or set by an administrator; a boundary may be an IPv6 prefix.
-- Portable SQL: the same script runs on H2 and PostgreSQL.

ALTER TABLE nic ADD COLUMN ipv6 VARCHAR(39);

CREATE SEQUENCE link_prefix_seq START WITH 1 INCREMENT BY 50;

-- Keyed by the prefix, not by the subnet's row: an administrator's prefixes outlive the subnet's removal from the agent
-- list, as its policy does. A prefix names one link; source is AGENT (learned) or ADMIN (set; an agent never moves it).
CREATE TABLE link_prefix (
    id         BIGINT                   NOT NULL,
    prefix     VARCHAR(43)              NOT NULL,
    subnet     VARCHAR(18)              NOT NULL,
    source     VARCHAR(8)               NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_link_prefix PRIMARY KEY (id),
    CONSTRAINT uk_link_prefix UNIQUE (prefix),
    CONSTRAINT ck_link_prefix_source CHECK (source IN ('AGENT', 'ADMIN'))
);
CREATE INDEX ix_link_prefix_subnet ON link_prefix (subnet);

ALTER TABLE boundary ADD COLUMN prefix6 VARCHAR(43);
ALTER TABLE boundary ALTER COLUMN first_address DROP NOT NULL;
ALTER TABLE boundary ALTER COLUMN last_address DROP NOT NULL;
ALTER TABLE boundary DROP CONSTRAINT ck_boundary_kind;
ALTER TABLE boundary ADD CONSTRAINT ck_boundary_kind CHECK (kind IN ('SUBNET', 'RANGE', 'PREFIX6'));
ALTER TABLE boundary ADD CONSTRAINT ck_boundary_shape CHECK (
    (kind = 'PREFIX6' AND prefix6 IS NOT NULL AND first_address IS NULL AND last_address IS NULL)
    OR (kind <> 'PREFIX6' AND prefix6 IS NULL AND first_address IS NOT NULL AND last_address IS NOT NULL));
ALTER TABLE boundary ADD CONSTRAINT uk_boundary_prefix6 UNIQUE (prefix6, source);
