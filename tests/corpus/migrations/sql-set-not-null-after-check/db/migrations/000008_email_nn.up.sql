SET lock_timeout = '5s';
SET statement_timeout = '60s';
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
