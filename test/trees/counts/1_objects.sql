-- Counts count objects, not statements (see sql/build.sql).
CREATE TABLE t (id int);
CREATE TABLE IF NOT EXISTS t (id int);          -- exists already: not another table
CREATE OR REPLACE VIEW v AS SELECT 1 AS x;
CREATE OR REPLACE VIEW v AS SELECT 1 AS x;      -- the same view
CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;
CREATE FUNCTION f(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1';
CREATE OR REPLACE FUNCTION f(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 + 0';
CREATE FUNCTION f(text) RETURNS text LANGUAGE sql AS 'SELECT $1';   -- an overload: another function
CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';
