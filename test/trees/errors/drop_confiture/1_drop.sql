CREATE TABLE before_drop (id int);
-- a tree must not remove the extension running it
DROP EXTENSION IF EXISTS confiture CASCADE;
