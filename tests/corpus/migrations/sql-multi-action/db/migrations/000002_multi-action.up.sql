SET lock_timeout = '5s';
SET statement_timeout = '60s';
ALTER TABLE users ADD COLUMN a text, DROP COLUMN b, ALTER COLUMN c TYPE bigint;
