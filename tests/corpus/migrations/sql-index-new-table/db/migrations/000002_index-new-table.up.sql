SET lock_timeout = '5s';
SET statement_timeout = '60s';
CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL);
CREATE INDEX notes_body ON notes (body);
ALTER TABLE notes ADD COLUMN author_id bigint NOT NULL;
