--
-- reset => true: drop every non-system schema, recreate public, then build,
-- all in one transaction.  Runs in a database of its own.
-- expected/reset_1.out: PostgreSQL 13 and 14, where initdb's public schema
-- is owned by the bootstrap superuser and grants CREATE to PUBLIC.
--
SELECT current_setting('confiture_test.trees') AS trees \gset
CREATE DATABASE confiture_reset;
\c confiture_reset
CREATE EXTENSION confiture;
SET client_min_messages = warning;

SELECT files FROM confiture_build(:'trees' || '/reset_a');
SELECT nspname FROM pg_namespace WHERE nspname IN ('app', 'public') ORDER BY 1;

-- without reset, objects accumulate
SELECT files FROM confiture_build(:'trees' || '/reset_b');
SELECT to_regclass('public.old_thing') AS old, to_regclass('public.new_thing') AS new;

-- a failed reset build changes nothing
SELECT * FROM confiture_build(:'trees' || '/reset_bad', reset => true);
SELECT to_regclass('app.thing') AS app_thing, to_regclass('public.old_thing') AS old,
       to_regclass('public.new_thing') AS new, to_regclass('public.never') AS never;

-- a reset build: old objects gone, public as a new database has it
-- (its NOTICEs carry a duration: test/t/001_build.pl checks them)
SELECT files FROM confiture_build(:'trees' || '/reset_b', reset => true);
SELECT to_regclass('app.thing') AS app_thing, to_regclass('public.old_thing') AS old,
       to_regclass('public.new_thing') AS new;
SELECT * FROM public.new_thing;
SELECT n.nspname, pg_get_userbyid(n.nspowner) AS owner, n.nspacl,
       obj_description(n.oid, 'pg_namespace') AS comment
  FROM pg_namespace AS n WHERE n.nspname = 'public';
-- the extension itself survives
SELECT extname FROM pg_extension WHERE extname = 'confiture';

\c contrib_regression
DROP DATABASE confiture_reset;
