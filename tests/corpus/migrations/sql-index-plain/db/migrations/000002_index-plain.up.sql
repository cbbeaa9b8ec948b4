SET lock_timeout = '5s';
SET statement_timeout = '60s';
CREATE INDEX users_email ON users (email);
