CREATE SCHEMA s;
CREATE TABLE s.t (id int);                      -- another schema: another table
DROP TABLE s.t;
CREATE TABLE s.t (id int, note text);           -- the same qualified name again
SET search_path = s, public;
CREATE OR REPLACE VIEW v AS SELECT 2 AS y;      -- s.v, not public.v
RESET search_path;
SELECT 1 AS a INTO t_into;
