-- External components registered with component/register (spec 20 N8, decision EXT1): one row per
-- componentName + version, the latest registration; component_info and launch are JSON text.
CREATE TABLE component_registration (
    component_name VARCHAR(128)    NOT NULL,
    version        VARCHAR(64)     NOT NULL,
    provider       VARCHAR(128)    NOT NULL,
    image_url      VARCHAR(2048)   NOT NULL,
    component_info VARCHAR(262144) NOT NULL,
    launch         VARCHAR(65536)  NOT NULL,
    registered     TIMESTAMP       NOT NULL,
    PRIMARY KEY (component_name, version)
);
