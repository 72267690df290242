--
-- Bad input: every error names what went wrong, the file and the line,
-- and the build changes nothing.
--
SELECT current_setting('confiture_test.trees') AS trees \gset
SET client_min_messages = warning;

-- the tree itself
SELECT * FROM confiture_build(NULL);
SELECT * FROM confiture_build('/tmp', NULL);
SELECT * FROM confiture_build('relative/schema');
SELECT * FROM confiture_build('/nonexistent/schema');
SELECT * FROM confiture_build('/dev/null');
\set VERBOSITY terse
-- (terse: the detail names the absolute path of the test's tree)
SELECT * FROM confiture_build(:'trees' || '/empty');
\set VERBOSITY default

-- reading
SELECT * FROM confiture_build(:'trees' || '/errors/nul');
SELECT to_regclass('nul_ok') AS nothing_left;
SELECT * FROM confiture_build(:'trees' || '/errors/utf8');
SELECT * FROM confiture_build(:'trees' || '/errors/unreadable');
SELECT * FROM confiture_build(:'trees' || '/errors/huge');
-- the limit is a setting (superuser-only)
SET confiture.max_file_size = '16B';
SELECT * FROM confiture_build(:'trees' || '/atomic');
RESET confiture.max_file_size;

-- parsing: the line of the error position, CRLF or not
SELECT * FROM confiture_build(:'trees' || '/errors/syntax');
SELECT to_regclass('syntax_ok') AS nothing_left;
SELECT * FROM confiture_build(:'trees' || '/errors/syntax_crlf');

-- executing: the line of the error (line 9), not the statement's first line (8)
SELECT * FROM confiture_build(:'trees' || '/errors/exec');
