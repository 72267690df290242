--
-- reset => true keeps the extensions the tree does not create (with their
-- objects, even in public) and drops those it creates.  Runs in a database
-- of its own.  The reset's NOTICE and the schema against a fresh database:
-- test/t/008_reset_extensions.pl.
--
SELECT current_setting('confiture_test.trees') AS trees \gset
CREATE DATABASE confiture_reset_ext;
\c confiture_reset_ext
CREATE EXTENSION confiture;
-- installed by the DBA, all recorded in public; earthdistance brings cube
CREATE EXTENSION pg_stat_statements;
CREATE EXTENSION citext;
CREATE EXTENSION earthdistance CASCADE;
SET client_min_messages = warning;

SELECT files FROM confiture_build(:'trees' || '/reset_ext');
CREATE TABLE public.dba_scratch (id int);
CREATE TEMP TABLE before AS
SELECT e.extname, e.oid AS extoid, (SELECT oid FROM pg_namespace WHERE nspname = 'public') AS public_oid
  FROM pg_extension AS e;

SELECT files FROM confiture_build(:'trees' || '/reset_ext', reset => true);
SELECT files FROM confiture_build(:'trees' || '/reset_ext', reset => true);

-- kept extensions are the same objects; hstore, which the tree creates, is new
SELECT e.extname, n.nspname, e.oid = b.extoid AS same_extension
  FROM pg_extension AS e JOIN pg_namespace AS n ON n.oid = e.extnamespace
  LEFT JOIN before AS b USING (extname)
 ORDER BY 1;
-- public was emptied, not dropped; the tree's objects are back, the rest gone
SELECT n.oid = (SELECT DISTINCT public_oid FROM before) AS same_public
  FROM pg_namespace AS n WHERE n.nspname = 'public';
SELECT to_regclass('public.dba_scratch') AS scratch, to_regclass('public.item') AS item,
       to_regclass('app.thing') AS thing, public.item_count() AS items;
SELECT email, colour FROM public.v_item;
-- the kept extensions still work
SELECT 'a'::citext = 'A'::citext AS citext_works, earth_distance(ll_to_earth(0, 0), ll_to_earth(0, 0)) AS earthdistance_works;

-- a member of a kept extension depending on an object of the tree: refused,
-- as dropping that object would drop the whole extension; nothing changed
CREATE VIEW public.dba_view AS SELECT id FROM public.item;
ALTER EXTENSION citext ADD VIEW public.dba_view;
SELECT files FROM confiture_build(:'trees' || '/reset_ext', reset => true);
SELECT extname FROM pg_extension WHERE extname = 'citext';
SELECT to_regclass('public.dba_view') AS dba_view, public.item_count() AS items;
ALTER EXTENSION citext DROP VIEW public.dba_view;
DROP VIEW public.dba_view;

-- ownership is checked as DROP does: a role owning neither app nor public
CREATE ROLE confiture_reset_reader;
GRANT pg_read_server_files TO confiture_reset_reader;
GRANT EXECUTE ON FUNCTION confiture_build TO confiture_reset_reader;
SET ROLE confiture_reset_reader;
SELECT files FROM confiture_build(:'trees' || '/reset_ext', reset => true);
RESET ROLE;
SELECT to_regclass('app.thing') AS thing;

\c contrib_regression
DROP DATABASE confiture_reset_ext;
DROP ROLE confiture_reset_reader;
