-- one database per node (compose.yaml); each node creates its tables on first start
CREATE DATABASE alice;
CREATE DATABASE bob;
