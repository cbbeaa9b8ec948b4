DROP TABLE notes;
ALTER TABLE users DROP COLUMN note_count;
