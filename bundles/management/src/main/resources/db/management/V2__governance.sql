-- Contracts and approvals of the management plane (spec 10), their permits, the nonces seen and
-- the outbox of calls still to deliver. Times are epoch milliseconds (A-33).

-- A cooperation contract, seen from this node: role INITIATOR = we applied, PARTNER = we were asked.
CREATE TABLE mgmt_contract (
    contract_id          VARCHAR(128)  NOT NULL,
    role                 VARCHAR(16)   NOT NULL,
    peer_node_id         VARCHAR(128)  NOT NULL,
    peer_address         VARCHAR(512)  NOT NULL,
    peer_auth_type       VARCHAR(32),
    peer_auth_credential VARCHAR(16000),
    peer_info            VARCHAR(16000),
    expired_time         BIGINT,
    status               VARCHAR(16)   NOT NULL,
    created_at           BIGINT        NOT NULL,
    updated_at           BIGINT        NOT NULL,
    PRIMARY KEY (contract_id, role)
);
CREATE INDEX mgmt_contract_peer ON mgmt_contract (peer_node_id, status);

-- An approval (audit) of a dataset, project, flow, job or model: role OWNER = we approve,
-- REQUESTER = we asked. The apply body is kept as sent, so details can be answered later.
CREATE TABLE mgmt_audit (
    kind          VARCHAR(16)    NOT NULL,
    audit_id      VARCHAR(128)   NOT NULL,
    role          VARCHAR(16)    NOT NULL,
    peer_node_id  VARCHAR(128)   NOT NULL,
    contract_id   VARCHAR(128),
    resource_id   VARCHAR(256)   NOT NULL,
    status        VARCHAR(16)    NOT NULL,
    request_json  VARCHAR(1000000) NOT NULL,
    permit_token  VARCHAR(128),
    created_at    BIGINT         NOT NULL,
    updated_at    BIGINT         NOT NULL,
    PRIMARY KEY (kind, audit_id, role)
);
CREATE INDEX mgmt_audit_peer ON mgmt_audit (peer_node_id, kind, status);

-- Resource permits: ISSUED by us as owner (checked on incoming calls), HELD when a partner issued
-- them to us (sent in x-mprac-token-set).
CREATE TABLE mgmt_permit (
    token             VARCHAR(128)  NOT NULL,
    role              VARCHAR(16)   NOT NULL,
    kind              VARCHAR(16)   NOT NULL,
    audit_id          VARCHAR(128)  NOT NULL,
    resource_type     VARCHAR(32)   NOT NULL,
    resource_id       VARCHAR(256)  NOT NULL,
    resource_level    INT           NOT NULL,
    resource_node_id  VARCHAR(128)  NOT NULL,
    resource_inst_id  VARCHAR(128),
    request_node_id   VARCHAR(128)  NOT NULL,
    request_inst_id   VARCHAR(128),
    time_limit        BIGINT,
    times_limit       INT,
    times_used        INT           NOT NULL,
    revoked           BOOLEAN       NOT NULL,
    issued_at         BIGINT        NOT NULL,
    PRIMARY KEY (token, role)
);

-- Nonces of accepted incoming calls, per source node, kept for the timestamp window (M2).
CREATE TABLE mgmt_nonce (
    source_node_id VARCHAR(128) NOT NULL,
    nonce          VARCHAR(256) NOT NULL,
    seen_at        BIGINT       NOT NULL,
    PRIMARY KEY (source_node_id, nonce)
);
CREATE INDEX mgmt_nonce_seen ON mgmt_nonce (seen_at);

-- East-west calls still to deliver (confirm, terminate), retried until the peer accepts them.
CREATE TABLE mgmt_outbox (
    id              VARCHAR(64)    NOT NULL PRIMARY KEY,
    target_node_id  VARCHAR(128)   NOT NULL,
    address         VARCHAR(512)   NOT NULL,
    path            VARCHAR(256)   NOT NULL,
    body            VARCHAR(1000000) NOT NULL,
    state           VARCHAR(16)    NOT NULL,
    attempts        INT            NOT NULL,
    next_attempt_at BIGINT         NOT NULL,
    last_error      VARCHAR(2000),
    created_at      BIGINT         NOT NULL
);
CREATE INDEX mgmt_outbox_due ON mgmt_outbox (state, next_attempt_at);

-- Datasets this node publishes (spec 10 §3): a CSV under data/ with its column metadata.
CREATE TABLE mgmt_dataset (
    dataset_id    VARCHAR(128)   NOT NULL PRIMARY KEY,
    name          VARCHAR(256)   NOT NULL,
    description   VARCHAR(4000),
    category      VARCHAR(128),
    location      VARCHAR(1024)  NOT NULL,
    row_count     BIGINT         NOT NULL,
    column_metas  VARCHAR(1000000) NOT NULL,
    join_columns  VARCHAR(4000),
    label_columns VARCHAR(4000),
    is_public     BOOLEAN        NOT NULL,
    created_at    BIGINT         NOT NULL
);
