-- Jobs and tasks of the control layer (spec 20). Times are epoch milliseconds (A-33).

-- A job as this node knows it. One row per job: the node may be its initiator, its scheduler, a participant,
-- or several of these at once (flags). status is the standard's job status (PENDING, READY, REJECTED, RUNNING,
-- FINISHED); outcome says how a FINISHED job ended (SUCCESS, FAILED, STOPPED), which the standard leaves to the
-- task map (A-22).
CREATE TABLE ctl_job (
    job_id        VARCHAR(64)      NOT NULL PRIMARY KEY,
    flow_id       VARCHAR(256),
    dag           VARCHAR(1000000) NOT NULL,
    config        VARCHAR(1000000) NOT NULL,
    initiator     VARCHAR(128)     NOT NULL,
    scheduler     VARCHAR(128)     NOT NULL,
    sync_type     VARCHAR(16)      NOT NULL,
    initiating    BOOLEAN          NOT NULL,
    scheduling    BOOLEAN          NOT NULL,
    participating BOOLEAN          NOT NULL,
    status        VARCHAR(16)      NOT NULL,
    outcome       VARCHAR(16),
    reason        VARCHAR(4000),
    stop_from     VARCHAR(128),
    created_at    BIGINT           NOT NULL,
    updated_at    BIGINT           NOT NULL
);
CREATE INDEX ctl_job_status ON ctl_job (scheduling, status);

-- The scheduler's view: one row per task and party (node). status: PENDING, READY, RUNNING, SUCCESS, FAILED.
CREATE TABLE ctl_task (
    task_id    VARCHAR(64)   NOT NULL,
    node_id    VARCHAR(128)  NOT NULL,
    job_id     VARCHAR(64)   NOT NULL,
    task_name  VARCHAR(128)  NOT NULL,
    role       VARCHAR(128)  NOT NULL,
    status     VARCHAR(16)   NOT NULL,
    reason     VARCHAR(4000),
    updated_at BIGINT        NOT NULL,
    PRIMARY KEY (task_id, node_id)
);
CREATE INDEX ctl_task_job ON ctl_task (job_id);

-- A participant's own runs: one row per task this node runs (all its roles in one run, comma-separated).
-- reported: the last status the scheduler has acknowledged in callback mode.
CREATE TABLE ctl_run (
    task_id    VARCHAR(64)   NOT NULL PRIMARY KEY,
    job_id     VARCHAR(64)   NOT NULL,
    task_name  VARCHAR(128)  NOT NULL,
    roles      VARCHAR(1024) NOT NULL,
    status     VARCHAR(16)   NOT NULL,
    reason     VARCHAR(4000),
    reported   VARCHAR(16),
    updated_at BIGINT        NOT NULL
);
CREATE INDEX ctl_run_job ON ctl_run (job_id);
