-- +goose Up
-- +goose StatementBegin
SET lock_timeout = '5s';
SET statement_timeout = '60s';
ALTER TABLE users ADD COLUMN a text;
ALTER TABLE users RENAME COLUMN b TO c;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
ALTER TABLE users RENAME COLUMN c TO b;
ALTER TABLE users DROP COLUMN a;
-- +goose StatementEnd
