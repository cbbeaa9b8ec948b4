SET lock_timeout = '5s';
SET statement_timeout = '60s';
-- squawk-ignore renaming-column
ALTER TABLE users RENAME COLUMN nick TO nickname;
