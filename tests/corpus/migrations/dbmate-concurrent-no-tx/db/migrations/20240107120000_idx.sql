-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY users_plan ON users (plan);

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY users_plan;
