-- +goose Up
ANALYZE users;

-- +goose Down
-- nothing to undo
