SET lock_timeout = '5s';
SET statement_timeout = '60s';
CREATE OR REPLACE FUNCTION purge() RETURNS void AS $fn$
BEGIN
  DROP TABLE scratch;
  EXECUTE 'ALTER TABLE users DROP COLUMN tmp';
END;
$fn$ LANGUAGE plpgsql;
DO $$ BEGIN PERFORM 1; END $$;
