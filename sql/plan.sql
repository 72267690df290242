--
-- confiture_plan: the dry run.  Files in build order with their size,
-- statement count and SHA-256; nothing is executed.
--
SELECT current_setting('confiture_test.trees') AS trees \gset

-- resolves whatever the search_path
SET search_path = nowhere;
SELECT seq, file, bytes, statements, sha256 FROM confiture_plan(:'trees' || '/blog');
RESET search_path;

-- wrapping BEGIN/COMMIT are not counted as statements
SELECT seq, file, bytes, statements FROM confiture_plan(:'trees' || '/wrapped');

-- the per-file hash is the SHA-256 of the file's bytes
SELECT p.file, p.sha256 = encode(sha256(pg_read_binary_file(:'trees' || '/blog/' || p.file)), 'hex') AS matches
  FROM confiture_plan(:'trees' || '/blog') AS p
 ORDER BY p.seq LIMIT 3;

-- nothing is executed
SELECT seq, file, statements FROM confiture_plan(:'trees' || '/reset_bad');
SELECT to_regclass('public.never') AS nothing_created;

-- syntax errors are reported exactly as in a build
SELECT * FROM confiture_plan(:'trees' || '/errors/syntax');
