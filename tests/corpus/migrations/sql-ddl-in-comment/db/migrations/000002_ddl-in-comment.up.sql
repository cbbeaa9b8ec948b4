SET lock_timeout = '5s';
SET statement_timeout = '60s';
-- ALTER TABLE users DROP COLUMN email;
/* DROP TABLE users;
   /* nested: CREATE INDEX i ON users (a); */
   ALTER TABLE users RENAME TO people; */
ALTER TABLE users ADD COLUMN bio text;
