/* confiture--0.1.0.sql: every SQL-callable function of confiture, with its privileges. */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION confiture" to load this file. \quit

-- The functions live in pg_catalog (see confiture.control), so they resolve
-- whatever the caller's search_path is, and every name below is qualified.

-- Build the whole tree below `path` in the caller's transaction; with `reset`,
-- first drop every non-system schema and recreate public.  One summary row.
CREATE FUNCTION pg_catalog.confiture_build(
    path pg_catalog.text,
    reset pg_catalog.bool DEFAULT false,
    OUT files pg_catalog.int4,
    OUT statements pg_catalog.int4,
    OUT tables pg_catalog.int4,
    OUT views pg_catalog.int4,
    OUT functions pg_catalog.int4,
    OUT elapsed pg_catalog.interval,
    OUT hash pg_catalog.text)
RETURNS pg_catalog.record
AS 'MODULE_PATHNAME', 'confiture_build'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION pg_catalog.confiture_build(pg_catalog.text, pg_catalog.bool) IS
'build a database from a tree of SQL files, in one transaction';

-- Views-only rebuild: drop the read side (v_*, tv_*: confiture.read_prefixes) and
-- what depends on it, then re-run the tree's statements that recreate them, in
-- build order, in the caller's transaction.  Table data is kept.  One summary row.
CREATE FUNCTION pg_catalog.confiture_build_views(
    path pg_catalog.text,
    OUT files pg_catalog.int4,
    OUT statements pg_catalog.int4,
    OUT dropped pg_catalog.int4,
    OUT views pg_catalog.int4,
    OUT tables pg_catalog.int4,
    OUT functions pg_catalog.int4,
    OUT elapsed pg_catalog.interval,
    OUT hash pg_catalog.text)
RETURNS pg_catalog.record
AS 'MODULE_PATHNAME', 'confiture_build_views'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION pg_catalog.confiture_build_views(pg_catalog.text) IS
'drop and recreate the read side (v_*, tv_*) from a tree of SQL files, keeping table data';

-- Dry run: read and parse every file, execute nothing.  One row per file in
-- build order; with views_only, one row per object that would be dropped, then
-- one per statement of the tree, executed or skipped.
CREATE FUNCTION pg_catalog.confiture_plan(
    path pg_catalog.text,
    views_only pg_catalog.bool DEFAULT false,
    OUT seq pg_catalog.int4,
    OUT action pg_catalog.text,
    OUT file pg_catalog.text,
    OUT line pg_catalog.int4,
    OUT bytes pg_catalog.int8,
    OUT statements pg_catalog.int4,
    OUT sha256 pg_catalog.text,
    OUT object pg_catalog.text)
RETURNS SETOF pg_catalog.record
AS 'MODULE_PATHNAME', 'confiture_plan'
LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 100;

COMMENT ON FUNCTION pg_catalog.confiture_plan(pg_catalog.text, pg_catalog.bool) IS
'list what a build (or a views-only rebuild) would do, in order, without doing it';

-- SHA-256 of the tree as a build would read it (definition in README.md).
CREATE FUNCTION pg_catalog.confiture_hash(path pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'confiture_hash'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION pg_catalog.confiture_hash(pg_catalog.text) IS
'SHA-256 over the relative paths and contents of a tree''s SQL files, in build order';

-- These functions read server files and run what they say: nobody gets them by
-- default.  The C code additionally requires the privileges of pg_read_server_files.
REVOKE ALL ON FUNCTION pg_catalog.confiture_build(pg_catalog.text, pg_catalog.bool) FROM PUBLIC;
REVOKE ALL ON FUNCTION pg_catalog.confiture_build_views(pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON FUNCTION pg_catalog.confiture_plan(pg_catalog.text, pg_catalog.bool) FROM PUBLIC;
REVOKE ALL ON FUNCTION pg_catalog.confiture_hash(pg_catalog.text) FROM PUBLIC;
