-- +goose Up
SET lock_timeout = '5s';
SET statement_timeout = '60s';
CREATE TABLE tags (id bigint PRIMARY KEY);

-- +goose Down
DROP TABLE tags;
