SET lock_timeout = '5s';
SET statement_timeout = '60s';
INSERT INTO audit_log (note) VALUES ('ALTER TABLE users DROP COLUMN email; DROP TABLE users;');
INSERT INTO audit_log (note) VALUES (E'it\'s; CREATE INDEX x ON users (a);');
