SET lock_timeout = '5s';
SET statement_timeout = '60s';
CREATE INDEX events_meta_idx ON ONLY events USING gin (meta);
