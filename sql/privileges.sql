--
-- Privileges: EXECUTE is revoked from PUBLIC; callers also need the
-- privileges of pg_read_server_files; DDL runs with the caller's own rights.
--
SELECT current_setting('confiture_test.trees') AS trees \gset
SET client_min_messages = warning;

SELECT p.proname, p.proacl IS NOT NULL AND NOT has_function_privilege('public', p.oid, 'EXECUTE') AS revoked
  FROM pg_proc AS p
 WHERE p.proname LIKE 'confiture\_%' ORDER BY 1;

CREATE ROLE confiture_ordinary;
CREATE ROLE confiture_reader;
GRANT pg_read_server_files TO confiture_reader;

-- an ordinary role may not execute the functions at all
SET ROLE confiture_ordinary;
SELECT * FROM confiture_build(:'trees' || '/privileges');
SELECT * FROM confiture_build_views(:'trees' || '/privileges');
SELECT confiture_hash(:'trees' || '/privileges');
RESET ROLE;

-- granted EXECUTE, it still lacks the right to read server files
GRANT EXECUTE ON FUNCTION confiture_build, confiture_build_views,
      confiture_plan, confiture_hash TO confiture_ordinary, confiture_reader;
SET ROLE confiture_ordinary;
SELECT * FROM confiture_build(:'trees' || '/privileges');
SELECT * FROM confiture_build_views(:'trees' || '/privileges');
SELECT * FROM confiture_plan(:'trees' || '/privileges');
SELECT confiture_hash(:'trees' || '/privileges');
RESET ROLE;

-- a reader may read the tree, but its DDL runs with its own rights (public
-- as PostgreSQL 15 makes it: no CREATE for PUBLIC, which 13 and 14 grant)
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SET ROLE confiture_reader;
SELECT count(*) FROM confiture_plan(:'trees' || '/privileges');
SELECT * FROM confiture_build(:'trees' || '/privileges');
RESET ROLE;
SELECT to_regclass('public.priv_table') AS nothing_created;

-- with CREATE on public, the same build succeeds and the reader owns the table
GRANT CREATE ON SCHEMA public TO confiture_reader;
SET ROLE confiture_reader;
SELECT files, tables FROM confiture_build(:'trees' || '/privileges');
RESET ROLE;
SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = 'public.priv_table'::regclass;

-- the file-size limit and the allowed paths are for superusers only
SET ROLE confiture_reader;
SET confiture.max_file_size = '1GB';
SET confiture.allowed_paths = '/';
RESET ROLE;

DROP TABLE public.priv_table;
REVOKE CREATE ON SCHEMA public FROM confiture_reader;
REVOKE EXECUTE ON FUNCTION confiture_build, confiture_build_views,
       confiture_plan, confiture_hash FROM confiture_ordinary, confiture_reader;
DROP ROLE confiture_ordinary;
DROP ROLE confiture_reader;
