SET lock_timeout = '5s';
SET statement_timeout = '60s';
ALTER TABLE clients ADD COLUMN uris_json jsonb NOT NULL DEFAULT '[]';
UPDATE clients SET uris_json = to_jsonb(uris);
ALTER TABLE clients DROP COLUMN uris;
ALTER TABLE clients RENAME COLUMN uris_json TO uris;
