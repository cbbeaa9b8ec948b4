-- migrate:up
CREATE INDEX CONCURRENTLY users_plan ON users (plan);

-- migrate:down
DROP INDEX users_plan;
