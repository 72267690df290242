--
-- The views-only statement resolver over every kind of statement pg_dump
-- writes: ALTER ... OWNER TO for types, domains, schemas, sequences, views,
-- functions, aggregates and operators, COMMENT ON each (issue: ALTER TYPE ...
-- OWNER TO crashed the backend).  A dependent outside the read side
-- (list_users() returns SETOF v_user) makes the resolver look at each one.
--
SELECT current_setting('confiture_test.trees') AS trees \gset
SET client_min_messages = warning;
CREATE DATABASE confiture_resolver;
\c confiture_resolver
SET client_min_messages = warning;
CREATE EXTENSION confiture;
SELECT files, statements FROM confiture_build(:'trees' || '/resolver');
INSERT INTO tb_user VALUES (1, 'ann', 'ok');

SELECT seq, action, file, line, object
  FROM confiture_plan(:'trees' || '/resolver', views_only => true)
 ORDER BY seq;
SELECT files, statements, dropped, views, functions
  FROM confiture_build_views(:'trees' || '/resolver');
SELECT * FROM list_users();
SELECT obj_description('mood'::regtype, 'pg_type') AS type_comment;

\c contrib_regression
DROP DATABASE confiture_resolver;
