-- Tasks of the in-process component runtime (decision CR3): one row per task id, the latest run.
CREATE TABLE component_task (
    task_id    VARCHAR(128)     NOT NULL PRIMARY KEY,
    component  VARCHAR(255)     NOT NULL,
    version    VARCHAR(128)     NOT NULL,
    role       VARCHAR(128)     NOT NULL,
    status     VARCHAR(16)      NOT NULL,
    reason     VARCHAR(4000),
    progress   DOUBLE PRECISION NOT NULL,
    stage      VARCHAR(255),
    started    TIMESTAMP        NOT NULL,
    ended      TIMESTAMP,
    log_file   VARCHAR(4096)    NOT NULL
);
CREATE INDEX component_task_ended ON component_task (ended);
