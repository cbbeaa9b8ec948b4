CREATE INDEX users_email ON users (email);
ALTER TABLE users ADD COLUMN score int NOT NULL;
ALTER TABLE users DROP COLUMN legacy;
