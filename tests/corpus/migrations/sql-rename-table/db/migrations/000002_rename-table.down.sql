ALTER TABLE users RENAME TO members;
