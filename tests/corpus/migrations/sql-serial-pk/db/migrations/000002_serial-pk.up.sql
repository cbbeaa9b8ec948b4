SET lock_timeout = '5s';
SET statement_timeout = '60s';
ALTER TABLE events ADD COLUMN id bigserial PRIMARY KEY;
