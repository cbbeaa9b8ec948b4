SET lock_timeout = '5s';
SET statement_timeout = '60s';
ALTER TABLE users RENAME COLUMN mail TO email;
