-- Agent identities (docs/security.md, "Agent identity"): enrollment tokens an admin creates, one Ed25519 identity per
-- enrolled agent, and the server's own signing keys. Keys are stored base64-encoded (public keys in their X.509
-- encoding, the server's private keys in PKCS#8); a token is stored as SHA-256 of its secret, which is the HMAC key an
-- ENROLL is signed with, never as the secret itself.
CREATE TABLE enrollment_token (
    id          VARCHAR(32)              NOT NULL,
    key_hash    VARCHAR(64)              NOT NULL,
    description VARCHAR(255),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(128)             NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    max_uses    INTEGER                  NOT NULL,
    uses        INTEGER                  NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    version     INTEGER                  NOT NULL,
    CONSTRAINT pk_enrollment_token PRIMARY KEY (id),
    CONSTRAINT ck_enrollment_token_uses CHECK (uses >= 0 AND uses <= max_uses)
);

-- One row per enrolled agent. active_mac is the MAC while the identity is not revoked and NULL after: its unique key
-- lets one MAC hold one live identity, whatever races. changed_at moves on every change that other servers' caches
-- must see (a revocation, a move); they reload the rows changed since their last look.
CREATE SEQUENCE agent_identity_seq START WITH 1 INCREMENT BY 1;
CREATE TABLE agent_identity (
    id            BIGINT                   NOT NULL,
    machine_name  VARCHAR(255)             NOT NULL,
    mac           VARCHAR(17)              NOT NULL,
    active_mac    VARCHAR(17),
    address       VARCHAR(15)              NOT NULL,
    mask          VARCHAR(15)              NOT NULL,
    public_key    VARCHAR(64)              NOT NULL,
    token_id      VARCHAR(32)              NOT NULL,
    enrolled_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    enrolled_by   VARCHAR(64)              NOT NULL,
    changed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    revoked_by    VARCHAR(128),
    revoke_reason VARCHAR(1024),
    version       INTEGER                  NOT NULL,
    CONSTRAINT pk_agent_identity PRIMARY KEY (id),
    CONSTRAINT uk_agent_identity_active_mac UNIQUE (active_mac)
);
CREATE INDEX ix_agent_identity_address ON agent_identity (address);
CREATE INDEX ix_agent_identity_changed ON agent_identity (changed_at);

-- The server's signing keys, newest first by id. The newest signs; an older one whose retire_at lies ahead endorses
-- the newest during the rotation's overlap and is still handed to enrolling agents; after retire_at it is no longer
-- used. The first server to start creates key 1.
CREATE TABLE server_key (
    id          BIGINT                   NOT NULL,
    public_key  VARCHAR(64)              NOT NULL,
    private_key VARCHAR(128)             NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(128)             NOT NULL,
    retire_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_server_key PRIMARY KEY (id)
);
