-- What an administrator decides for one subnet beyond its elected agents (issue 16; docs/network.md): for now the
-- unauthenticated (802.1X) subnets paired with it, whose directed-broadcast addresses its agents also send to. Keyed by
-- the subnet's network and prefix, not by the agent list's row: the policy outlives the subnet's removal from the
-- agent list (the Agent State Manager removes unreachable subnets) and applies again when it comes back.
CREATE SEQUENCE subnet_policy_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE subnet_policy (
    id            BIGINT                   NOT NULL,
    network       BIGINT                   NOT NULL,
    prefix_length INTEGER                  NOT NULL,
    changed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_by    VARCHAR(255)             NOT NULL,
    version       INTEGER                  NOT NULL,
    CONSTRAINT pk_subnet_policy PRIMARY KEY (id),
    CONSTRAINT uq_subnet_policy_network UNIQUE (network, prefix_length)
);

-- The paired subnets of a policy, in the order the administrator gave them (at most 8: the wire's limit).
CREATE TABLE subnet_policy_pair (
    policy_id     BIGINT  NOT NULL,
    position      INTEGER NOT NULL,
    network       BIGINT  NOT NULL,
    prefix_length INTEGER NOT NULL,
    CONSTRAINT pk_subnet_policy_pair PRIMARY KEY (policy_id, position),
    CONSTRAINT fk_subnet_policy_pair_policy FOREIGN KEY (policy_id) REFERENCES subnet_policy (id) ON DELETE CASCADE,
    CONSTRAINT ck_subnet_policy_pair_position CHECK (position BETWEEN 0 AND 7)
);
