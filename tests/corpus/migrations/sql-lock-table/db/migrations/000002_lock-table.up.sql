SET lock_timeout = '5s';
SET statement_timeout = '60s';
BEGIN;
LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE;
UPDATE accounts SET balance = 0 WHERE id = 1;
COMMIT;
