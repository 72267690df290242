--
-- The build history: confiture.build_log, if_changed, confiture_drift.
-- Runs in a database of its own.  The NOTICE of a skipped call,
-- confiture_changes and pg_dump of the history: test/t/006_history.pl.
--
SELECT current_setting('confiture_test.trees') AS trees \gset
CREATE DATABASE confiture_history;
\c confiture_history
CREATE EXTENSION confiture;
SET client_min_messages = warning;

-- the log belongs to the extension, pg_dump keeps its rows, PUBLIC may not read it
SELECT pg_describe_object(classid, objid, 0) AS member FROM pg_depend
 WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
   AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'confiture')
   -- PostgreSQL 17 also records the tables' row types as members
   AND NOT (classid = 'pg_type'::regclass
            AND objid IN (SELECT reltype FROM pg_class UNION SELECT typarray FROM pg_type
                           WHERE typrelid <> 0))
 ORDER BY pg_describe_object(classid, objid, 0) COLLATE "C";
SELECT unnest(extconfig)::regclass AS dumped FROM pg_extension WHERE extname = 'confiture' ORDER BY 1;
SELECT has_schema_privilege('public', 'confiture', 'USAGE') AS public_usage,
       has_table_privilege('public', 'confiture.build_log', 'SELECT') AS public_select;

-- nothing logged yet
SELECT * FROM confiture_drift();
DO $$
BEGIN
  PERFORM confiture_changes(current_setting('confiture_test.trees') || '/history');
EXCEPTION WHEN object_not_in_prerequisite_state THEN
  RAISE WARNING '%', replace(SQLERRM, current_setting('confiture_test.trees'), '<trees>');
END$$;

-- a build is logged in its own transaction
SELECT files, statements, build_id, skipped FROM confiture_build(:'trees' || '/history');
SELECT id, role = current_user AS by_caller, root = :'trees' || '/history' AS root, env, mode, reset,
       files, statements, tree_hash = confiture_hash(:'trees' || '/history') AS tree_hash,
       length(fingerprint) AS fingerprint_length, started <= finished AS timed
  FROM confiture.build_log;
SELECT file, length(sha256) AS sha256_length FROM confiture.build_file ORDER BY file;
SELECT kind, object FROM confiture.build_object ORDER BY kind COLLATE "C", object COLLATE "C";
-- a failed build and a rolled back one leave no row
SELECT files FROM confiture_build(:'trees' || '/reset_bad');
BEGIN;
SELECT files FROM confiture_build(:'trees' || '/history', reset => true);
ROLLBACK;
SELECT count(*) AS logged FROM confiture.build_log;

-- as built: no drift; data is not drift
INSERT INTO tb_person (email) VALUES ('b@example.com');
SELECT nextval('ticket_seq') AS ticket;
SELECT * FROM confiture_drift();

-- unchanged: if_changed runs nothing and names the build it matches
SELECT files, statements, build_id, skipped
  FROM confiture_build(:'trees' || '/history', reset => true, if_changed => true);
SELECT count(*) AS logged FROM confiture.build_log;
SELECT count(*) AS people FROM tb_person;

-- changes made by hand show as drift
ALTER TABLE tb_person ADD COLUMN nickname text;
CREATE OR REPLACE FUNCTION person_count() RETURNS bigint LANGUAGE sql AS $$SELECT count(*) + 0 FROM tb_person$$;
CREATE TABLE hand_made (id int);
DROP VIEW v_person;
GRANT SELECT ON tb_person TO PUBLIC;
ALTER SEQUENCE ticket_seq INCREMENT 5;
COMMENT ON INDEX tb_person_mood IS 'by hand';
ALTER TYPE mood ADD VALUE 'angry';
ALTER DOMAIN email SET DEFAULT 'x@example.com';
DROP POLICY person_self ON tb_person;
ALTER TABLE tb_person DISABLE TRIGGER tb_person_touch;
SELECT * FROM confiture_drift();

-- so if_changed builds again, and then nothing has drifted
SELECT files, statements, build_id, skipped
  FROM confiture_build(:'trees' || '/history', reset => true, if_changed => true);
SELECT * FROM confiture_drift();
SELECT count(*) AS people FROM tb_person;

-- views-only rebuilds are logged apart (mode views), and skipped alike
SELECT files, statements, build_id, skipped FROM confiture_build_views(:'trees' || '/history', if_changed => true);
SELECT files, statements, build_id, skipped FROM confiture_build_views(:'trees' || '/history', if_changed => true);
-- a full build compares with the last full build: the rebuilt views are as they were
SELECT build_id, skipped FROM confiture_build(:'trees' || '/history', reset => true, if_changed => true);
-- a reset build keeps the history
SELECT files, build_id, skipped FROM confiture_build(:'trees' || '/history', reset => true);
SELECT id, mode, reset, files, statements FROM confiture.build_log ORDER BY id;

-- a role that may build is logged by its name, and may not read the log
CREATE ROLE confiture_history_builder;
GRANT pg_read_server_files TO confiture_history_builder;
GRANT CREATE ON SCHEMA public TO confiture_history_builder;
GRANT EXECUTE ON FUNCTION confiture_build, confiture_drift TO confiture_history_builder;
SET ROLE confiture_history_builder;
SELECT files, build_id, skipped FROM confiture_build(:'trees' || '/privileges');
SELECT * FROM confiture_drift();
SELECT count(*) FROM confiture.build_log;
RESET ROLE;
SELECT id, role, mode FROM confiture.build_log ORDER BY id DESC LIMIT 1;

\c contrib_regression
DROP DATABASE confiture_history;
DROP ROLE confiture_history_builder;
