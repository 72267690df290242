--
-- confiture_build: a real tree, atomicity, wrapped files, BOM and CRLF
--
SELECT current_setting('confiture_test.trees') AS trees \gset
-- the summary NOTICE carries a duration; its format is checked in test/t
SET client_min_messages = warning;

-- the example tree (examples/blog/db): counts come from executed statements
SELECT files, statements, tables, views, functions,
       elapsed >= '0'::interval AS timed, hash ~ '^[0-9a-f]{64}$' AS hashed
  FROM confiture_build(:'trees' || '/blog');

SELECT c.relname, c.relkind
  FROM pg_class AS c
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v')
 ORDER BY c.relname;
SELECT name, email FROM v_user ORDER BY name;
SELECT title, author->>'name' AS author, comment_count FROM v_post ORDER BY title;
SELECT count(*) AS projected FROM tv_post;
-- the trigger from 04_triggers works
UPDATE tb_user SET name = 'Ada King' WHERE email = 'ada@example.com'
RETURNING updated_at > created_at AS touched;

-- a build runs in the caller's transaction: rolled back, nothing remains
BEGIN;
SELECT files, statements FROM confiture_build(:'trees' || '/wrapped');
SELECT count(*) FROM wrapped_three;
ROLLBACK;
SELECT to_regclass('wrapped_one') AS after_rollback;

-- BEGIN/START TRANSACTION and COMMIT/END wrapping a file are skipped;
-- a leading UTF-8 BOM (in every file), CRLF line ends, no final semicolon
SELECT files, statements, tables FROM confiture_build(:'trees' || '/wrapped');
SELECT id, note FROM wrapped_three ORDER BY id;
SELECT count(*) AS one_row FROM wrapped_one;

-- an error in the last file leaves nothing of the first
SELECT * FROM confiture_build(:'trees' || '/atomic');
SELECT to_regclass('atomic_first') AS first, to_regclass('atomic_second') AS second,
       to_regclass('atomic_last') AS last;

-- ANALYZE runs in a transaction block, so a build accepts it
SELECT files FROM confiture_build(:'trees' || '/statements');
SELECT count(*) FROM analyzed;

-- tables, views and functions count distinct objects created, by kind and
-- qualified name (test/trees/counts: 17 statements make 3 tables, 3 views,
-- 3 functions)
BEGIN;
SELECT files, statements, tables, views, functions FROM confiture_build(:'trees' || '/counts');
ROLLBACK;
