--
-- confiture_build_views: drop and recreate the read side (v_*, tv_*) in
-- place; tb_* tables and their rows are not touched.  Own database.
--
SELECT current_setting('confiture_test.trees') AS trees \gset
CREATE DATABASE confiture_views;
\c confiture_views
CREATE EXTENSION confiture;
SET client_min_messages = warning;
CREATE ROLE confiture_views_reader;

SELECT files, statements, tables, views, functions FROM confiture_build(:'trees' || '/views');

-- rows written after the build
INSERT INTO tb_user (email, name) VALUES ('grace@example.com', 'Grace');
INSERT INTO tb_post (fk_author, title) SELECT pk_user, 'Second post by ' || name FROM tb_user;
CREATE TEMP TABLE rows_before AS
SELECT (SELECT count(*) FROM tb_user) AS users, (SELECT count(*) FROM tb_post) AS posts,
       (SELECT string_agg(email, ',' ORDER BY pk_user) FROM tb_user) AS emails;

-- the plan: what would be dropped (the read side and what depends on it,
-- here report_users()), then every statement, executed or skipped
SELECT seq, action, file, line, object
  FROM confiture_plan(:'trees' || '/views_edited', views_only => true);

-- v_user renames a column (name -> display_name) and adds one (domain):
-- CREATE OR REPLACE VIEW could not do that, and v_post, v_post_count,
-- tv_post and report_users() depend on it
SELECT files, statements, dropped, views, tables, functions, hash = confiture_hash(:'trees' || '/views_edited') AS hash
  FROM confiture_build_views(:'trees' || '/views_edited');

-- rows identical: the seeds (write side) did not run again
SELECT (SELECT count(*) FROM tb_user) AS users, (SELECT count(*) FROM tb_post) AS posts,
       (SELECT string_agg(email, ',' ORDER BY pk_user) FROM tb_user) AS emails
EXCEPT SELECT * FROM rows_before;
SELECT * FROM rows_before;

-- the view has its new shape
SELECT attname FROM pg_attribute WHERE attrelid = 'v_user'::regclass AND attnum > 0 ORDER BY attnum;
SELECT * FROM v_user ORDER BY id;
SELECT * FROM v_post ORDER BY id;
-- the materialized v_ view and its index are back, populated
SELECT * FROM v_post_count ORDER BY author;
SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'v_post_count'::regclass;
-- tv_post holds what its statement put there
SELECT count(*) AS projected, min(data->>'author') AS first_author FROM tv_post;
-- grants and comments come back
SELECT has_table_privilege('confiture_views_reader', 'v_user', 'SELECT') AS granted,
       obj_description('v_user'::regclass, 'pg_class') AS comment;
-- the in-tree dependent function is recreated, with its comment
SELECT id, display_name FROM report_users();
SELECT obj_description('report_users()'::regprocedure, 'pg_proc') AS comment;
-- the write-side table of the mixed file was not recreated: its rows stay
INSERT INTO tb_audit (what) VALUES ('kept');
SELECT files FROM confiture_build_views(:'trees' || '/views_edited');
SELECT what FROM v_audit;

-- dependents that the tree does not define: refused, nothing changes
CREATE FUNCTION outside_users() RETURNS SETOF v_user LANGUAGE sql AS $$ SELECT * FROM v_user $$;
CREATE VIEW report_posts AS SELECT author, count(*) AS n FROM v_post GROUP BY author;
CREATE TABLE tb_snapshot (u v_user);
SELECT * FROM confiture_build_views(:'trees' || '/views');
SELECT attname FROM pg_attribute WHERE attrelid = 'v_user'::regclass AND attnum > 0 ORDER BY attnum;
SELECT * FROM confiture_plan(:'trees' || '/views', views_only => true);
DROP TABLE tb_snapshot;
DROP VIEW report_posts;
DROP FUNCTION outside_users();

-- back to the first tree: the renamed column goes back to name
SELECT files, dropped, views FROM confiture_build_views(:'trees' || '/views');
SELECT attname FROM pg_attribute WHERE attrelid = 'v_user'::regclass AND attnum > 0 ORDER BY attnum;

-- the prefixes are a setting
SET confiture.read_prefixes = 'v_';
SELECT action, object FROM confiture_plan(:'trees' || '/views', views_only => true)
 WHERE action = 'drop' OR object LIKE '%tv_post%';
RESET confiture.read_prefixes;
SET confiture.read_prefixes = '';

-- a tree with no read side: the read side is dropped (the NOTICE saying so
-- is checked in test/t/004_views.pl, as the summary carries a duration)
DROP FUNCTION report_users();
-- tv_post is a table with rows the tree does not create: refused, kept
SELECT files, statements, dropped FROM confiture_build_views(:'trees' || '/reset_b');
SELECT count(*) AS tv_post_kept FROM tv_post;
DROP TABLE tv_post;
SELECT files, statements, dropped FROM confiture_build_views(:'trees' || '/reset_b');
SELECT count(*) AS read_side_left FROM pg_class WHERE relname ~ '^(v|tv)_' AND relkind IN ('r', 'v', 'm');
SELECT count(*) AS users_kept FROM tb_user;

-- errors keep file and line, and change nothing
SELECT * FROM confiture_build_views(:'trees' || '/errors/syntax');
SELECT * FROM confiture_build_views('/nonexistent/tree');

\c contrib_regression
DROP DATABASE confiture_views;
DROP ROLE confiture_views_reader;
