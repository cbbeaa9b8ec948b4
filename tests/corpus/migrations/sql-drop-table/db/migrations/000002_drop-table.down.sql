CREATE TABLE old_sessions (id bigint);
