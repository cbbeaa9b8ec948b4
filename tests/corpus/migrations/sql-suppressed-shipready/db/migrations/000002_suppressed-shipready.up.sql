SET lock_timeout = '5s';
SET statement_timeout = '60s';
-- shipready: ignore[migrations.safe-ddl] column unused since v3.2, see ADR 12
ALTER TABLE users DROP COLUMN legacy_flag;
