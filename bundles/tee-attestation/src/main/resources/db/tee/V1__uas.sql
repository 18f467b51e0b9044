-- The Unified Attestation Service's state (spec 60 §6): its signing key and certificate, the access
-- credentials it issued, and the TEE node certificates it signed.

-- One key per algorithm (RSA, SM2): switching the configured algorithm back and forth keeps both keys.
CREATE TABLE tee_uas_key (
    algorithm    VARCHAR(16)    NOT NULL PRIMARY KEY,
    public_key   VARCHAR(4000)  NOT NULL,
    private_key  VARCHAR(8000)  NOT NULL,
    certificate  VARCHAR(16000) NOT NULL,
    created_at   TIMESTAMP      NOT NULL
);

-- Secrets are kept only as SHA-256 digests (hex): they are 192-bit random values, shown once at issue.
CREATE TABLE tee_access_key (
    access_key     VARCHAR(64)  NOT NULL PRIMARY KEY,
    secret_sha256  VARCHAR(64)  NOT NULL,
    description    VARCHAR(512) NOT NULL,
    created_at     TIMESTAMP    NOT NULL
);

CREATE TABLE tee_node_certificate (
    serial         VARCHAR(64)    NOT NULL PRIMARY KEY,
    node_id        VARCHAR(128)   NOT NULL,
    key_sha256     VARCHAR(64)    NOT NULL,
    certificate    VARCHAR(16000) NOT NULL,
    issued_at      TIMESTAMP      NOT NULL
);
