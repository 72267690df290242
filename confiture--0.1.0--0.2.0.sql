/* confiture--0.1.0--0.2.0.sql: from 0.1.0 to 0.2.0.  A new installation of
 * 0.2.0 runs confiture--0.1.0.sql, then this script. */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION confiture UPDATE TO '0.2.0'" to load this file. \quit

-- Every name below is pg_catalog-qualified, as in confiture--0.1.0.sql.
-- Sections are added by feature; each says which.

-- == Scheduled builds (issue 9): build history, if_changed, changes, drift ==

-- The build history lives in confiture's own schema.  Created here, it is a
-- member of the extension, so a reset build keeps it and DROP EXTENSION
-- removes it; pg_extension_config_dump makes pg_dump keep its rows.  Nobody
-- but the extension's owner may read it: the build functions write and read
-- it on the caller's behalf.
CREATE SCHEMA confiture;
REVOKE ALL ON SCHEMA confiture FROM PUBLIC;

CREATE SEQUENCE confiture.build_log_id_seq;

-- One row per committed build or views-only rebuild, written in the build's
-- own transaction: a build that fails or is rolled back leaves no row.
CREATE TABLE confiture.build_log (
    id pg_catalog.int8 NOT NULL
        DEFAULT pg_catalog.nextval('confiture.build_log_id_seq'::pg_catalog.regclass) PRIMARY KEY,
    started pg_catalog.timestamptz NOT NULL,
    finished pg_catalog.timestamptz NOT NULL,
    role pg_catalog.text NOT NULL,
    root pg_catalog.text NOT NULL,
    env pg_catalog.text,
    mode pg_catalog.text NOT NULL,
    reset pg_catalog.bool NOT NULL,
    files pg_catalog.int4 NOT NULL,
    statements pg_catalog.int4 NOT NULL,
    tree_hash pg_catalog.text NOT NULL,
    fingerprint pg_catalog.text NOT NULL);
ALTER SEQUENCE confiture.build_log_id_seq OWNED BY confiture.build_log.id;
CREATE INDEX build_log_root ON confiture.build_log (root, mode, id);

COMMENT ON TABLE confiture.build_log IS
'one row per committed confiture build (mode build) or views-only rebuild (mode views)';

-- The SHA-256 of each file of a logged build's tree, as on disk.
CREATE TABLE confiture.build_file (
    build_id pg_catalog.int8 NOT NULL REFERENCES confiture.build_log (id) ON DELETE CASCADE,
    file pg_catalog.text NOT NULL,
    sha256 pg_catalog.text NOT NULL);
CREATE INDEX build_file_build ON confiture.build_file (build_id);

-- The schema fingerprint of a logged build, object by object: the digest of
-- each object's definition as PostgreSQL's deparsers give it.
CREATE TABLE confiture.build_object (
    build_id pg_catalog.int8 NOT NULL REFERENCES confiture.build_log (id) ON DELETE CASCADE,
    kind pg_catalog.text NOT NULL,
    object pg_catalog.text NOT NULL,
    digest pg_catalog.text NOT NULL);
CREATE INDEX build_object_build ON confiture.build_object (build_id);

SELECT pg_catalog.pg_extension_config_dump('confiture.build_log', '');
SELECT pg_catalog.pg_extension_config_dump('confiture.build_log_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('confiture.build_file', '');
SELECT pg_catalog.pg_extension_config_dump('confiture.build_object', '');

-- confiture_build and confiture_build_views gain if_changed and two result
-- columns, build_id and skipped, and the environments' env and schema_only
-- (see the section on environments below).  Their signatures change, so they
-- are dropped and created again: EXECUTE granted on the 0.1.0 functions must
-- be granted again after ALTER EXTENSION confiture UPDATE.
DROP FUNCTION pg_catalog.confiture_build(pg_catalog.text, pg_catalog.bool);
CREATE FUNCTION pg_catalog.confiture_build(
    path pg_catalog.text,
    reset pg_catalog.bool DEFAULT false,
    env pg_catalog.text DEFAULT NULL,
    schema_only pg_catalog.bool DEFAULT false,
    if_changed pg_catalog.bool DEFAULT false,
    OUT files pg_catalog.int4,
    OUT statements pg_catalog.int4,
    OUT tables pg_catalog.int4,
    OUT views pg_catalog.int4,
    OUT functions pg_catalog.int4,
    OUT elapsed pg_catalog.interval,
    OUT hash pg_catalog.text,
    OUT build_id pg_catalog.int8,
    OUT skipped pg_catalog.bool)
RETURNS pg_catalog.record
AS 'MODULE_PATHNAME', 'confiture_build'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION pg_catalog.confiture_build(pg_catalog.text, pg_catalog.bool, pg_catalog.text, pg_catalog.bool, pg_catalog.bool) IS
'build a database from a tree of SQL files, in one transaction';

DROP FUNCTION pg_catalog.confiture_build_views(pg_catalog.text);
CREATE FUNCTION pg_catalog.confiture_build_views(
    path pg_catalog.text,
    env pg_catalog.text DEFAULT NULL,
    if_changed pg_catalog.bool DEFAULT false,
    OUT files pg_catalog.int4,
    OUT statements pg_catalog.int4,
    OUT dropped pg_catalog.int4,
    OUT views pg_catalog.int4,
    OUT tables pg_catalog.int4,
    OUT functions pg_catalog.int4,
    OUT elapsed pg_catalog.interval,
    OUT hash pg_catalog.text,
    OUT build_id pg_catalog.int8,
    OUT skipped pg_catalog.bool)
RETURNS pg_catalog.record
AS 'MODULE_PATHNAME', 'confiture_build_views'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION pg_catalog.confiture_build_views(pg_catalog.text, pg_catalog.text, pg_catalog.bool) IS
'drop and recreate the read side (v_*, tv_*) from a tree of SQL files, keeping table data';

-- Files added, removed or modified since the last logged build of the tree.
CREATE FUNCTION pg_catalog.confiture_changes(
    path pg_catalog.text,
    env pg_catalog.text DEFAULT NULL,
    OUT file pg_catalog.text,
    OUT change pg_catalog.text)
RETURNS SETOF pg_catalog.record
AS 'MODULE_PATHNAME', 'confiture_changes'
LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 10;

COMMENT ON FUNCTION pg_catalog.confiture_changes(pg_catalog.text, pg_catalog.text) IS
'files of a tree added, removed or modified since its last logged build';

-- Objects added, removed or altered in the database since the last logged build.
CREATE FUNCTION pg_catalog.confiture_drift(
    OUT object pg_catalog.text,
    OUT kind pg_catalog.text,
    OUT change pg_catalog.text)
RETURNS SETOF pg_catalog.record
AS 'MODULE_PATHNAME', 'confiture_drift'
LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 10;

COMMENT ON FUNCTION pg_catalog.confiture_drift() IS
'objects of the database added, removed or altered since the last logged build';

REVOKE ALL ON FUNCTION pg_catalog.confiture_build(pg_catalog.text, pg_catalog.bool, pg_catalog.text, pg_catalog.bool, pg_catalog.bool) FROM PUBLIC;
REVOKE ALL ON FUNCTION pg_catalog.confiture_build_views(pg_catalog.text, pg_catalog.text, pg_catalog.bool) FROM PUBLIC;
REVOKE ALL ON FUNCTION pg_catalog.confiture_changes(pg_catalog.text, pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON FUNCTION pg_catalog.confiture_drift() FROM PUBLIC;

-- == Environments (issue 8): a Confiture project built by environment name ==

-- With env, path is the project directory and the files are those
-- <path>/db/environments/<env>.yaml selects, as `confiture build --env`.
-- confiture_build and confiture_build_views take env above; confiture_plan
-- and confiture_hash take it here.  Their signatures change, so they are
-- dropped and created again (EXECUTE must be granted again after the update).
DROP FUNCTION pg_catalog.confiture_plan(pg_catalog.text, pg_catalog.bool);
CREATE FUNCTION pg_catalog.confiture_plan(
    path pg_catalog.text,
    views_only pg_catalog.bool DEFAULT false,
    env pg_catalog.text DEFAULT NULL,
    schema_only pg_catalog.bool DEFAULT false,
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

COMMENT ON FUNCTION pg_catalog.confiture_plan(pg_catalog.text, pg_catalog.bool, pg_catalog.text, pg_catalog.bool) IS
'list what a build (or a views-only rebuild) would do, in order, without doing it';

-- Confiture's schema hash: variant python (SchemaBuilder.compute_hash) or
-- rust (its compiled extension, what `confiture build --show-hash` prints).
DROP FUNCTION pg_catalog.confiture_hash(pg_catalog.text);
CREATE FUNCTION pg_catalog.confiture_hash(
    path pg_catalog.text,
    env pg_catalog.text DEFAULT NULL,
    schema_only pg_catalog.bool DEFAULT false,
    variant pg_catalog.text DEFAULT 'python')
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'confiture_hash'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION pg_catalog.confiture_hash(pg_catalog.text, pg_catalog.text, pg_catalog.bool, pg_catalog.text) IS
'SHA-256 of the SQL files a tree or an environment selects, as Confiture computes it';

-- One row per db/environments/*.yaml of a project; an environment that
-- cannot be resolved has its message in error, the others are listed.
CREATE FUNCTION pg_catalog.confiture_environments(
    path pg_catalog.text,
    OUT env pg_catalog.text,
    OUT config pg_catalog.text,
    OUT include_dirs pg_catalog.text[],
    OUT files pg_catalog.int4,
    OUT hash pg_catalog.text,
    OUT error pg_catalog.text)
RETURNS SETOF pg_catalog.record
AS 'MODULE_PATHNAME', 'confiture_environments'
LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 5;

COMMENT ON FUNCTION pg_catalog.confiture_environments(pg_catalog.text) IS
'the environments of a Confiture project: their files, include directories and hash';

REVOKE ALL ON FUNCTION pg_catalog.confiture_plan(pg_catalog.text, pg_catalog.bool, pg_catalog.text, pg_catalog.bool) FROM PUBLIC;
REVOKE ALL ON FUNCTION pg_catalog.confiture_hash(pg_catalog.text, pg_catalog.text, pg_catalog.bool, pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON FUNCTION pg_catalog.confiture_environments(pg_catalog.text) FROM PUBLIC;
