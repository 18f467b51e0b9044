-- The local node's identity (spec 00 §3, entity Node): one row, created on first start.
CREATE TABLE node_identity (
    node_id      VARCHAR(128) NOT NULL PRIMARY KEY,
    auth_type    VARCHAR(32)  NOT NULL,
    public_key   VARCHAR(4000) NOT NULL,
    private_key  VARCHAR(4000) NOT NULL,
    created_at   TIMESTAMP    NOT NULL
);
