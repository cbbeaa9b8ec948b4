SET lock_timeout = '5s';
SET statement_timeout = '60s';
CREATE TABLE notes (id bigint PRIMARY KEY);
