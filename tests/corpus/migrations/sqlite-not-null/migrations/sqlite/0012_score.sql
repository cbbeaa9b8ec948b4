CREATE INDEX users_email ON users (email);
ALTER TABLE users ADD COLUMN score integer NOT NULL;
