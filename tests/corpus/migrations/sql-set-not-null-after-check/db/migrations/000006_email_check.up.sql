SET lock_timeout = '5s';
SET statement_timeout = '60s';
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
