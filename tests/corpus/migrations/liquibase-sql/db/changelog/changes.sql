--liquibase formatted sql

--changeset ana:1
SET lock_timeout = '5s';
SET statement_timeout = '60s';
ALTER TABLE users ADD COLUMN plan text;
--rollback ALTER TABLE users DROP COLUMN plan;

--changeset ana:2
SET lock_timeout = '5s';
SET statement_timeout = '60s';
UPDATE users SET plan = 'free';
