SET lock_timeout = '5s';
SET statement_timeout = '60s';
CREATE TABLE events_new (id bigint PRIMARY KEY);
ALTER TABLE events RENAME TO events_old;
ALTER TABLE events_new RENAME TO events;
