--
-- ALTER EXTENSION confiture UPDATE from 0.1.0 to 0.2.0, with history created
-- after the update.  Runs in a database of its own.
--
SELECT current_setting('confiture_test.trees') AS trees \gset
CREATE DATABASE confiture_upgrade;
\c confiture_upgrade
CREATE EXTENSION confiture VERSION '0.1.0';
SET client_min_messages = warning;

-- the new library serves 0.1.0's functions until the update; nothing is logged
SELECT files, statements FROM confiture_build(:'trees' || '/reset_b');
SELECT to_regclass('confiture.build_log') AS log;

ALTER EXTENSION confiture UPDATE TO '0.2.0';
SELECT extversion FROM pg_extension WHERE extname = 'confiture';
SELECT p.proname, pg_get_function_arguments(p.oid) AS arguments,
       p.proacl IS NOT NULL AND NOT has_function_privilege('public', p.oid, 'EXECUTE') AS revoked
  FROM pg_proc AS p WHERE p.proname LIKE 'confiture\_%' ORDER BY 1;
-- what the update made belongs to the extension, as in a fresh installation
SELECT pg_describe_object(classid, objid, 0) AS member FROM pg_depend
 WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
   AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'confiture')
   -- PostgreSQL 17 also records the tables' row types as members
   AND NOT (classid = 'pg_type'::regclass
            AND objid IN (SELECT reltype FROM pg_class UNION SELECT typarray FROM pg_type
                           WHERE typrelid <> 0))
 ORDER BY pg_describe_object(classid, objid, 0) COLLATE "C";
SELECT unnest(extconfig)::regclass AS dumped FROM pg_extension WHERE extname = 'confiture' ORDER BY 1;

-- history after the update
SELECT files, build_id, skipped FROM confiture_build(:'trees' || '/reset_b', reset => true);
SELECT id, mode, reset, files, statements FROM confiture.build_log;
SELECT * FROM confiture_drift();
SELECT * FROM confiture_changes(:'trees' || '/reset_b');
SELECT build_id, skipped FROM confiture_build(:'trees' || '/reset_b', reset => true, if_changed => true);

\c contrib_regression
DROP DATABASE confiture_upgrade;
