SET lock_timeout = '5s';
SET statement_timeout = '60s';
ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;
