--
-- Statements a build cannot honour: each a clear error with file, line and
-- hint, raised before anything of the file runs.
-- expected/statements_1.out: PostgreSQL 13, which has no BEGIN ATOMIC
-- function bodies (test/trees/atomic_body).
--
SELECT current_setting('confiture_test.trees') AS trees \gset
SET client_min_messages = warning;

-- psql meta-commands
SELECT * FROM confiture_build(:'trees' || '/errors/meta');
SELECT * FROM confiture_build(:'trees' || '/errors/include');

-- COPY with the client
SELECT * FROM confiture_build(:'trees' || '/errors/copy_stdin');
SELECT to_regclass('copy_t') AS nothing_left;
SELECT * FROM confiture_build(:'trees' || '/errors/copy_stdout');

-- statements that cannot run in a transaction block
SELECT * FROM confiture_build(:'trees' || '/errors/vacuum');
SELECT * FROM confiture_build(:'trees' || '/errors/cic');
SELECT * FROM confiture_build(:'trees' || '/errors/createdb');
SELECT * FROM confiture_build(:'trees' || '/errors/alter_system');

-- transaction control other than a wrapping BEGIN/COMMIT
SELECT * FROM confiture_build(:'trees' || '/errors/rollback');
SELECT to_regclass('rolled') AS nothing_left;
SELECT * FROM confiture_build(:'trees' || '/errors/savepoint');
SELECT * FROM confiture_build(:'trees' || '/errors/prepare');

-- a file that calls confiture_build
SELECT * FROM confiture_build(:'trees' || '/errors/nested');

-- the plan reports the same errors, and executes nothing
SELECT * FROM confiture_plan(:'trees' || '/errors/meta');
SELECT * FROM confiture_plan(:'trees' || '/errors/vacuum');
SELECT to_regclass('vac') AS nothing_created;

-- DROP EXTENSION confiture in a tree: refused, nothing done
SELECT * FROM confiture_build(:'trees' || '/errors/drop_confiture');
SELECT to_regclass('before_drop') AS nothing_left;
SELECT * FROM confiture_plan(:'trees' || '/errors/drop_confiture');

-- an unterminated quote: the error quotes a bounded part of the file
SELECT * FROM confiture_build(:'trees' || '/errors/unterminated');

-- SET standard_conforming_strings applies to the rest of the file
SELECT files, statements, tables FROM confiture_build(:'trees' || '/lexing');
SELECT q FROM quotes ORDER BY q;
SHOW standard_conforming_strings;
-- a function body with ';' in it (BEGIN ATOMIC, PostgreSQL 14 and later) is
-- one statement
SELECT files, statements, tables, functions FROM confiture_build(:'trees' || '/atomic_body');
SELECT n FROM after_atomic;
