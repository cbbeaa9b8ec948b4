CREATE TABLE flow_next (id integer PRIMARY KEY, state text NOT NULL);
INSERT INTO flow_next SELECT id, state FROM flow;
DROP TABLE flow;
ALTER TABLE flow_next RENAME TO flow;
