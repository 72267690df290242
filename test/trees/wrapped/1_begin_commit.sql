BEGIN;
CREATE TABLE wrapped_one (id int);
COMMIT;
