-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY users_plan ON users (plan);

-- +goose Down
DROP INDEX CONCURRENTLY users_plan;
