--
-- confiture_build_views never changes tb_ data, and restores what a full
-- build makes of the read side or names what it could not.  Own database.
--
SELECT current_setting('confiture_test.trees') AS trees \gset
CREATE DATABASE confiture_safety;
\c confiture_safety
CREATE EXTENSION confiture;
SET client_min_messages = warning;

SET client_min_messages = error;
SELECT files, statements FROM confiture_build(:'trees' || '/safety');
SET client_min_messages = warning;
INSERT INTO tb_log VALUES ('written after the build');
CREATE TEMP TABLE rows_before AS
SELECT (SELECT string_agg(email, ',' ORDER BY pk_user) FROM tb_user) AS users,
       (SELECT string_agg(msg, ',' ORDER BY msg) FROM tb_log) AS log;
CREATE VIEW rows_now AS
SELECT (SELECT string_agg(email, ',' ORDER BY pk_user) FROM tb_user) AS users,
       (SELECT string_agg(msg, ',' ORDER BY msg) FROM tb_log) AS log;

-- builds, rebuilds and resets refuse read-only transactions
BEGIN READ ONLY;
SELECT files FROM confiture_build_views(:'trees' || '/safety');
ROLLBACK;
BEGIN READ ONLY;
SELECT files FROM confiture_build(:'trees' || '/safety', reset => true);
ROLLBACK;

-- a read prefix is a whole word of a name: it ends in _
SET confiture.read_prefixes = 'v';
SET confiture.read_prefixes = 'v_,tv';
SET confiture.read_prefixes = '_';
SHOW confiture.read_prefixes;

-- the plan: the partition goes with its table; the write through a view is
-- skipped, the write into tv_stats runs; what hangs off tv_stats comes back
SELECT action, file, line, object
  FROM confiture_plan(:'trees' || '/safety', views_only => true)
 ORDER BY seq;
SELECT files, statements, dropped FROM confiture_build_views(:'trees' || '/safety');
SELECT * FROM rows_now EXCEPT SELECT * FROM rows_before;
SELECT users FROM tv_stats;
SELECT obj_description('tv_stats_users'::regclass, 'pg_class') AS index_comment,
       (SELECT stxname FROM pg_statistic_ext WHERE stxrelid = 'tv_stats'::regclass) AS statistics,
       has_sequence_privilege('public', 'tv_stats_id_seq', 'SELECT') AS sequence_granted,
       (SELECT string_agg(tablename, ',') FROM pg_publication_tables WHERE pubname = 'pub_read') AS published,
       (SELECT string_agg(inhrelid::regclass::text, ',') FROM pg_inherits WHERE inhparent = 'tv_events'::regclass) AS partitions;
SELECT user_list(u ORDER BY id) FROM v_user AS u;

-- a statement with targets on both sides is refused, naming file and line
SELECT files FROM confiture_build_views(:'trees' || '/safety_drop_mixed');
SELECT action, object FROM confiture_plan(:'trees' || '/safety_revoke_mixed', views_only => true);
SELECT files FROM confiture_build_views(:'trees' || '/safety_revoke_mixed');
SELECT * FROM rows_now EXCEPT SELECT * FROM rows_before;

-- so is one whose data-modifying WITH writes the write side, directly or
-- through a view, beside a read-side target: the rebuild would run it again
SELECT files FROM confiture_build_views(:'trees' || '/safety_cte_delete');
SELECT files FROM confiture_build_views(:'trees' || '/safety_cte_view');
SELECT action, object FROM confiture_plan(:'trees' || '/safety_cte_ctas', views_only => true);
SELECT files FROM confiture_build_views(:'trees' || '/safety_cte_ctas');
SELECT * FROM rows_now EXCEPT SELECT * FROM rows_before;
SELECT count(*) AS active FROM tb_user WHERE active;

-- a write-side partition of a tv_ table is refused, not dropped with it
CREATE TABLE tb_events_2025 PARTITION OF tv_events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO tb_events_2025 VALUES ('2025-06-01');
SELECT files FROM confiture_build_views(:'trees' || '/safety');
SELECT count(*) AS kept FROM tb_events_2025;
DROP TABLE tb_events_2025;

-- read-side tables the tree does not create are refused, whatever their schema
CREATE SCHEMA legacy;
CREATE TABLE legacy.tv_shows (title text);
INSERT INTO legacy.tv_shows VALUES ('kept');
CREATE TABLE v_config (k text);
SELECT files FROM confiture_build_views(:'trees' || '/safety');
SELECT * FROM confiture_plan(:'trees' || '/safety', views_only => true);
SELECT title FROM legacy.tv_shows;
DROP SCHEMA legacy CASCADE;
DROP TABLE v_config;

-- a view the tree no longer defines goes, and the plan says so
CREATE VIEW v_stray AS SELECT 1 AS one;
SELECT action, object FROM confiture_plan(:'trees' || '/safety', views_only => true)
 WHERE action = 'drop';
SELECT files FROM confiture_build_views(:'trees' || '/safety');
SELECT count(*) AS strays FROM pg_class WHERE relname = 'v_stray';

-- what the tree creates where a rebuild cannot rerun it: named, in the plan
-- and in a WARNING
\c contrib_regression
DROP DATABASE confiture_safety;
CREATE DATABASE confiture_safety;
\c confiture_safety
CREATE EXTENSION confiture;
SET client_min_messages = error;
SELECT files FROM confiture_build(:'trees' || '/safety_lost');
SET client_min_messages = warning;
SELECT action, file, line, object
  FROM confiture_plan(:'trees' || '/safety_lost', views_only => true)
 WHERE object LIKE '%not re%';
SELECT files FROM confiture_build_views(:'trees' || '/safety_lost');

-- a write-side dependent that cannot be defined apart: a fitting hint
CREATE TABLE tb_snapshot (label text DEFAULT (NULL::v_user)::text);
SELECT files FROM confiture_build_views(:'trees' || '/safety_lost');
DROP TABLE tb_snapshot;

-- a sequence goes with the read-side table that owns it: a write-side default
-- drawing from it is a dependent, refused before anything changes, not an
-- error of the drop itself hinting at CASCADE
ALTER TABLE tb_log ADD COLUMN n bigint;
ALTER TABLE tb_log ALTER COLUMN n SET DEFAULT nextval('tv_stats_id_seq');
SELECT files FROM confiture_build_views(:'trees' || '/safety');
ALTER TABLE tb_log DROP COLUMN n;

-- the tree's search_path governs how its statements are resolved: SET and
-- pg_dump's set_config('search_path', ...)
\c contrib_regression
DROP DATABASE confiture_safety;
CREATE DATABASE confiture_safety;
\c confiture_safety
CREATE EXTENSION confiture;
SET client_min_messages = warning;
SELECT files FROM confiture_build(:'trees' || '/safety_path');
RESET search_path;
SELECT action, file, line, object FROM confiture_plan(:'trees' || '/safety_path', views_only => true) ORDER BY seq;
SHOW search_path;
SELECT files, statements, dropped, views, functions FROM confiture_build_views(:'trees' || '/safety_path');
RESET search_path;
SELECT 'app.v_item_count'::regclass AS view, 'app.count_items()'::regprocedure AS function;

\c contrib_regression
DROP DATABASE confiture_safety;
