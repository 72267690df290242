--
-- confiture_build_views keeps the rows of read-side tables the tree does not
-- fill with a statement of its own (here tv_post, filled by sync_tv_post()
-- from the mutation functions); refuses, changing nothing, rows that would
-- not fit the new definition.  Own database.
--
SELECT current_setting('confiture_test.trees') AS trees \gset
CREATE DATABASE confiture_keep_rows;
\c confiture_keep_rows
CREATE EXTENSION confiture;
SET client_min_messages = warning;

SELECT files, statements, tables, views, functions FROM confiture_build(:'trees' || '/keep_rows');

-- writes after the build, through the API
SELECT fn_create_post('Third', 100000);
UPDATE tv_post SET note = 'set by hand' WHERE id = 2;
INSERT INTO tv_post_by_day VALUES ('2024-05-01', 3), ('2025-02-01', 4);
CREATE TEMP TABLE tv_before AS SELECT * FROM tv_post;
SELECT id, data, views, note, seq FROM tv_post ORDER BY id;
SELECT count(*) AS rows, max(posts) AS posts FROM tv_post_count;

-- the plan keeps tv_post's rows right after its CREATE TABLE; tv_post_count
-- is refilled by its INSERT
SELECT seq, action, file, line, object FROM confiture_plan(:'trees' || '/keep_rows', views_only => true);

-- the same tree: every row of tv_post back, tv_post_count refilled once
SELECT files, statements, dropped, views, tables, functions FROM confiture_build_views(:'trees' || '/keep_rows');
SELECT count(*) AS kept FROM tv_post;
(SELECT * FROM tv_post EXCEPT SELECT * FROM tv_before)
UNION ALL (SELECT * FROM tv_before EXCEPT SELECT * FROM tv_post);
SELECT count(*) AS rows, max(posts) AS posts FROM tv_post_count;
SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'tv_post'::regclass ORDER BY 1;
-- a partitioned table's rows, each in its partition
SELECT tableoid::regclass, * FROM tv_post_by_day ORDER BY day;
-- new writes do not collide with the identity values kept
SELECT fn_create_post('Fourth');
SELECT id, data->>'title' AS title, seq FROM tv_post ORDER BY seq;

-- refusals change nothing: the table, its rows and the views stay as they are
CREATE FUNCTION state() RETURNS TABLE (columns text, rows bigint, seq_max bigint, views bigint)
LANGUAGE sql AS $$
SELECT (SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
          FROM pg_attribute WHERE attrelid = 'tv_post'::regclass AND attnum > 0 AND NOT attisdropped),
       (SELECT count(*) FROM tv_post), (SELECT max(seq) FROM tv_post),
       (SELECT count(*) FROM pg_class WHERE relname LIKE 'v\_%' AND relkind = 'v')
$$;
CREATE TEMP TABLE state_before AS SELECT * FROM state();
SELECT * FROM state_before;

-- a new NOT NULL column without a default: refused before anything is dropped
SELECT * FROM confiture_plan(:'trees' || '/keep_rows_not_null', views_only => true);
SELECT * FROM confiture_build_views(:'trees' || '/keep_rows_not_null');
SELECT * FROM state() EXCEPT SELECT * FROM state_before;
-- the same, seen only once the table is recreated (LIKE): refused, nothing changed
SELECT * FROM confiture_build_views(:'trees' || '/keep_rows_like');
SELECT * FROM state() EXCEPT SELECT * FROM state_before;
-- a type with no assignment cast from the old one: refused
SELECT * FROM confiture_build_views(:'trees' || '/keep_rows_uncastable');
SELECT * FROM state() EXCEPT SELECT * FROM state_before;
-- a value that does not cast: the error names the column, nothing changed
SELECT * FROM confiture_build_views(:'trees' || '/keep_rows_bad_value');
SELECT * FROM state() EXCEPT SELECT * FROM state_before;
-- once the value fits, the same tree keeps the rows
UPDATE tb_post SET views = 1000 WHERE title = 'Third';
SELECT sync_tv_post(pk_post) FROM tb_post WHERE title = 'Third';
SELECT files, dropped, tables FROM confiture_build_views(:'trees' || '/keep_rows_bad_value');
SELECT id, data->>'title' AS title, views, pg_typeof(views) FROM tv_post ORDER BY id;

-- reordered, dropped, added with a default, widened, generated, with a
-- CHECK: by name
SELECT action, file, line, object FROM confiture_plan(:'trees' || '/keep_rows_reshaped', views_only => true)
 WHERE action <> 'skip';
SELECT files, dropped, tables FROM confiture_build_views(:'trees' || '/keep_rows_reshaped');
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
 WHERE attrelid = 'tv_post'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;
SELECT * FROM tv_post ORDER BY id;
-- the identity goes on past the rows kept
INSERT INTO tv_post (data, id) VALUES ('{"title": "Fifth"}', 5) RETURNING seq;

-- a table with no rows is recreated empty, whatever its new columns
TRUNCATE tv_post;
SELECT files, dropped, tables FROM confiture_build_views(:'trees' || '/keep_rows_not_null');
SELECT count(*) FROM tv_post;

\c contrib_regression
DROP DATABASE confiture_keep_rows;

-- partitions and row level security, in a database the rebuilding role owns
CREATE ROLE confiture_keep_owner;
GRANT pg_read_server_files TO confiture_keep_owner;
CREATE DATABASE confiture_keep_rows_parts OWNER confiture_keep_owner;
\c confiture_keep_rows_parts
CREATE EXTENSION confiture;
GRANT EXECUTE ON FUNCTION confiture_build, confiture_build_views, confiture_plan TO confiture_keep_owner;
SET client_min_messages = warning;
SET ROLE confiture_keep_owner;
SELECT files, tables FROM confiture_build(:'trees' || '/keep_rows_parts');
INSERT INTO tv_by_range VALUES (1, 'a'), (2, 'b');
INSERT INTO tv_plain VALUES (1, 'a'), (2, 'b');
INSERT INTO tv_private VALUES (1, 'confiture_keep_owner');
RESET ROLE;
INSERT INTO tv_private VALUES (2, 'someone else');
SET ROLE confiture_keep_owner;
-- the partition created alone and attached: the rows go back after the
-- ATTACH; a table now partitioned (two levels): after its last partition;
-- the rows the policy hides from the owner are kept too
SELECT action, file, line, object FROM confiture_plan(:'trees' || '/keep_rows_parts_attached', views_only => true)
 WHERE action = 'keep rows';
SELECT files, tables FROM confiture_build_views(:'trees' || '/keep_rows_parts_attached');
SELECT action, file, line, object FROM confiture_plan(:'trees' || '/keep_rows_parts_partitioned', views_only => true)
 WHERE action = 'keep rows';
SELECT files, tables FROM confiture_build_views(:'trees' || '/keep_rows_parts_partitioned');
RESET ROLE;
SELECT tableoid::regclass, * FROM tv_by_range ORDER BY id;
SELECT tableoid::regclass, * FROM tv_plain ORDER BY id;
SELECT * FROM tv_private ORDER BY id;

\c contrib_regression
DROP DATABASE confiture_keep_rows_parts;
DROP ROLE confiture_keep_owner;

-- a kept column of a row type the rebuild drops (a view's) cannot be set
-- aside: refused while it holds values, by the plan and the rebuild, rather
-- than recreated empty
CREATE DATABASE confiture_keep_rows_rowtype;
\c confiture_keep_rows_rowtype
CREATE EXTENSION confiture;
SET client_min_messages = warning;
SELECT files, tables, views FROM confiture_build(:'trees' || '/keep_rows_rowtype');
INSERT INTO tb_user VALUES (1, 'ann');
INSERT INTO tv_post SELECT 10, 'hello', u FROM v_user AS u;
INSERT INTO tv_post VALUES (11, 'anonymous', NULL);
SELECT * FROM confiture_plan(:'trees' || '/keep_rows_rowtype', views_only => true) WHERE action = 'keep rows';
SELECT files FROM confiture_build_views(:'trees' || '/keep_rows_rowtype');
SELECT * FROM tv_post ORDER BY id;
-- once the column holds no value, the rows are kept
UPDATE tv_post SET author = NULL;
SELECT files, tables FROM confiture_build_views(:'trees' || '/keep_rows_rowtype');
SELECT * FROM tv_post ORDER BY id;
-- a deferred foreign key of the new definition is checked as the rows go
-- back: the error names table, file and line, not the COMMIT after
SELECT files FROM confiture_build_views(:'trees' || '/keep_rows_rowtype_deferred');
SELECT * FROM tv_post ORDER BY id;
INSERT INTO tb_user VALUES (10, 'bob'), (11, 'eve');
SELECT files, tables FROM confiture_build_views(:'trees' || '/keep_rows_rowtype_deferred');
SELECT * FROM tv_post ORDER BY id;
-- and is deferred again after
BEGIN;
INSERT INTO tv_post VALUES (12, 'not yet', NULL);
INSERT INTO tb_user VALUES (12, 'late');
COMMIT;
-- tv_tally, filled by the WITH of a SELECT, is refilled by it
SELECT action, file, line, object FROM confiture_plan(:'trees' || '/keep_rows_rowtype', views_only => true)
 WHERE object LIKE '%tally%' OR file LIKE '%tally%' ORDER BY seq;
SELECT files, tables FROM confiture_build_views(:'trees' || '/keep_rows_rowtype');
SELECT * FROM tv_tally;
\c contrib_regression
DROP DATABASE confiture_keep_rows_rowtype;

-- a tree as pg_dump writes it: the serial column's CREATE and ALTER SEQUENCE
-- run again (the sequence goes with its table), a sequence no table owns
-- stays; a sequence given to the table after its rows went back still
-- resumes past them
CREATE DATABASE confiture_keep_rows_dumped;
\c confiture_keep_rows_dumped
CREATE EXTENSION confiture;
SET client_min_messages = warning;
SELECT files, tables FROM confiture_build(:'trees' || '/keep_rows_dumped');
SET search_path = public;  -- the tree's set_config() is the session's
INSERT INTO tv_ident (name) VALUES ('a'), ('b');
INSERT INTO tv_serial (name) VALUES ('a'), ('b');
SELECT nextval('tv_counter'), nextval('tv_counter');
SELECT action, file, line, object FROM confiture_plan(:'trees' || '/keep_rows_dumped', views_only => true)
 ORDER BY seq;
SELECT files, tables FROM confiture_build_views(:'trees' || '/keep_rows_dumped');
SET search_path = public;
INSERT INTO tv_ident (name) VALUES ('c');
INSERT INTO tv_serial (name) VALUES ('c');
SELECT 'tv_ident' AS t, * FROM tv_ident UNION ALL SELECT 'tv_serial', * FROM tv_serial ORDER BY 1, 2;
SELECT last_value FROM tv_counter;
-- a tree restarting the sequence further: the rows go back, the sequence
-- stays where the tree set it
SELECT files, tables FROM confiture_build_views(:'trees' || '/keep_rows_dumped_restart');
SET search_path = public;
INSERT INTO tv_ident (name) VALUES ('d');
SELECT * FROM tv_ident ORDER BY id;
\c contrib_regression
DROP DATABASE confiture_keep_rows_dumped;
