--
-- An environment's build.two_pass: the foreign keys of CREATE TABLE moved
-- after the last file, named as PostgreSQL names the inline form.  Runs in a
-- database of its own.  That the schema equals a one-pass build of the same
-- files in dependency order (pg_dump): test/t/011_two_pass.pl.
--
SELECT current_setting('confiture_test.trees') || '/two_pass' AS project \gset
CREATE DATABASE confiture_two_pass;
\c confiture_two_pass
CREATE EXTENSION confiture;
SET client_min_messages = warning;   -- the summary NOTICE holds timings

-- without two_pass, the same files fail at the first key: its file and line
SELECT files FROM confiture_build(:'project', env => 'one');
-- a key to a table that no file creates fails after the last file, naming
-- the file and line of the constraint; nothing is left
SELECT files FROM confiture_build(:'project', env => 'missing');
SELECT count(*) AS tables FROM pg_class WHERE relname LIKE 'tb\_%';

-- the plan lists the keys after the last file, as they will run
SELECT action, file, line, statements, object FROM confiture_plan(:'project', env => 'two');

SELECT files, statements, tables, views FROM confiture_build(:'project', env => 'two');
-- every key, named as the inline form is named (tb_post_reviewer_fkey1 for
-- the second unnamed key on the same column)
SELECT conrelid::regclass AS "table", conname, pg_get_constraintdef(oid) AS definition
  FROM pg_constraint
 WHERE contype = 'f' AND connamespace <> 'confiture'::regnamespace
 ORDER BY conrelid::regclass::text COLLATE "C", conname COLLATE "C";
-- what is not a foreign key stayed in its CREATE TABLE (NOT NULL, which
-- PostgreSQL 18 also lists as constraints, is attnotnull below)
SELECT conname, contype, pg_get_constraintdef(oid) AS definition
  FROM pg_constraint WHERE conrelid = 'tb_post'::regclass AND contype NOT IN ('f', 'n')
 ORDER BY conname COLLATE "C";
SELECT attname, attnotnull, collname
  FROM pg_attribute LEFT JOIN pg_collation ON pg_collation.oid = attcollation
 WHERE attrelid = 'tb_post'::regclass AND attnum > 0 ORDER BY attnum;

-- the keys hold
INSERT INTO tb_user VALUES (1, 'ann');
INSERT INTO tb_post (id, author_id, editor_id) VALUES (2, 1, 3);
BEGIN;
INSERT INTO tb_post (id, author_id) VALUES (1, 2);   -- deferred: checked at commit
COMMIT;
INSERT INTO tb_post (id, author_id) VALUES (1, 1);

-- views-only: the read side's keys are moved the same way
SELECT action, file, line, object FROM confiture_plan(:'project', views_only => true, env => 'two')
 WHERE action = 'execute';
INSERT INTO tv_post VALUES (1, '{}');
SELECT files, statements FROM confiture_build_views(:'project', env => 'two');
SELECT conname, pg_get_constraintdef(oid) AS definition
  FROM pg_constraint WHERE conrelid = 'tv_post'::regclass AND contype <> 'n' ORDER BY conname COLLATE "C";
SELECT count(*) AS kept FROM tv_post;

-- keys that once came out wrong (test/trees/two_pass/db/edge/10_edge.sql):
-- each as a one-pass build has it, none on the table CREATE TABLE IF NOT
-- EXISTS found there, none for the table dropped
SELECT files, statements FROM confiture_build(:'project', env => 'edge');
SELECT conrelid::regclass AS "table", conname, convalidated, pg_get_constraintdef(oid) AS definition
  FROM pg_constraint
 WHERE contype = 'f' AND confrelid = 'tb_ref'::regclass
 ORDER BY conrelid::regclass::text COLLATE "C", conname COLLATE "C";

\c postgres
DROP DATABASE confiture_two_pass;
