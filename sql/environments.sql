--
-- Environments: a Confiture project built by environment name, the files
-- each db/environments/<env>.yaml selects.  Runs in a database of its own.
-- Both hash variants checked against digests computed independently:
-- test/t/010_environments.pl.
--
SELECT current_setting('confiture_test.trees') AS trees \gset
SELECT :'trees' || '/project' AS project \gset
CREATE DATABASE confiture_environments;
\c confiture_environments
CREATE EXTENSION confiture;
-- the summary NOTICE holds timings; WARNINGs show
SET client_min_messages = warning;

-- every environment of the project; one that cannot be resolved has its error
SELECT env, replace(config, :'trees', '<trees>') AS config,
       replace(include_dirs::text, :'trees', '<trees>') AS include_dirs, files,
       length(hash) AS hash_length, error
  FROM confiture_environments(:'project');

-- what each environment selects, in order (relative to Confiture's base
-- directory: the common parent of the include directories)
SELECT file FROM confiture_plan(:'project', env => 'local');
SELECT file FROM confiture_plan(:'project', env => 'test');        -- seeds last, seeds/test not recursive
SET client_min_messages = notice;   -- a key Confiture's CLI honours and a build here does not
SELECT file FROM confiture_plan(:'project', env => 'production');
SET client_min_messages = warning;
SELECT file FROM confiture_plan(:'project', env => 'local', schema_only => true);
SELECT file FROM confiture_plan(:'project', env => 'hex');         -- by hexadecimal prefix
SELECT file FROM confiture_plan(:'project', env => 'hex_0x');      -- "0X1F" is 31, as int("0X1F", 16)
SELECT file FROM confiture_plan(:'project', env => 'patterns');    -- hidden found, excluded, once each
SELECT file FROM confiture_plan(:'project', env => 'key_twice');   -- a key given twice: its last value
SELECT file FROM confiture_plan(:'project', env => 'merge');       -- merge keys (<<)
SELECT file FROM confiture_plan(:'project', env => 'merge_cycle'); -- a mapping merged into itself adds nothing
SELECT file FROM confiture_plan(:'project', env => 'flat');        -- not recursive: "**/*.sql" is "*.sql"
SELECT file FROM confiture_plan(:'project', env => 'dangling');    -- links to nothing, not selected
SELECT file FROM confiture_plan(:'project', env => 'brackets');    -- "[^s]" as Python reads it: "^" or "s"
SELECT file FROM confiture_plan(:'project', env => 'slash');       -- "*.sql/" names directories: no file

-- a database_url naming another database is a WARNING only
SELECT count(*) AS files FROM confiture_plan(:'project', env => 'remote');
SELECT files, statements, tables, views FROM confiture_build(:'project', env => 'local');
SELECT * FROM v_post ORDER BY id;
SELECT env, files FROM confiture.build_log ORDER BY id;
SELECT * FROM confiture_changes(:'project', env => 'local');
DO $$
BEGIN
  PERFORM confiture_changes(current_setting('confiture_test.trees') || '/project', env => 'hex');
EXCEPTION WHEN object_not_in_prerequisite_state THEN
  RAISE WARNING '%', replace(SQLERRM, current_setting('confiture_test.trees'), '<trees>');
END$$;

-- production over it: reset, no seeds
SELECT files, tables FROM confiture_build(:'project', reset => true, env => 'production');
SELECT count(*) AS posts FROM tb_post;
-- test: seeds after the schema
SELECT files FROM confiture_build(:'project', reset => true, env => 'test');
SELECT id, title FROM tb_post ORDER BY id;
-- views-only on the environment's files keeps the data
SELECT files, dropped, views FROM confiture_build_views(:'project', env => 'test');
SELECT action, file, object FROM confiture_plan(:'project', views_only => true, env => 'test')
 WHERE action <> 'skip';
SELECT count(*) AS posts FROM tb_post;

-- hashes: each variant, schema_only changes it, the default is python
SELECT confiture_hash(:'project', env => 'local') = confiture_hash(:'project', env => 'local', variant => 'python') AS python_default,
       confiture_hash(:'project', env => 'local', variant => 'rust') <> confiture_hash(:'project', env => 'local') AS rust_differs,
       confiture_hash(:'project', env => 'local', schema_only => true) <> confiture_hash(:'project', env => 'local') AS schema_only_differs;

-- bad input: a clear error, nothing changed
SELECT files FROM confiture_build(:'project', env => 'staging');
SELECT files FROM confiture_build(:'project', env => '../x');
SELECT files FROM confiture_build(:'project', env => 'a/b');
SELECT files FROM confiture_build(:'project', env => '');
SELECT files FROM confiture_build(:'project', env => 'bad_syntax');
SELECT files FROM confiture_build(:'project', env => 'no_include');
SELECT files FROM confiture_build(:'project', env => 'empty_include');
SELECT files FROM confiture_build(:'project', env => 'wrong_type');
SELECT files FROM confiture_build(:'project', env => 'empty_path');
SELECT files FROM confiture_build(:'project', env => 'dangling_read');  -- a link to nothing selected
SELECT files FROM confiture_build(:'project', env => 'missing_dir');
SELECT files FROM confiture_build(:'project', env => 'no_files');
SELECT files FROM confiture_build(:'project', env => 'bad_sort');
SELECT files FROM confiture_build(:'project', env => 'two_documents');   -- Confiture's yaml.safe_load refuses it
SELECT confiture_hash(:'project', env => 'local', variant => 'go');
SELECT files FROM confiture_build('relative/project', env => 'local');
-- the policy applies to the YAML file and to every directory read
SET confiture.allowed_paths = '/nonexistent';
DO $$
BEGIN
  PERFORM confiture_plan(current_setting('confiture_test.trees') || '/project', env => 'local');
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING '%', replace(SQLERRM, current_setting('confiture_test.trees'), '<trees>');
END$$;
SELECT set_config('confiture.allowed_paths', :'project', false) IS NOT NULL AS allowed;
DO $$
BEGIN
  PERFORM confiture_plan(current_setting('confiture_test.trees') || '/project', env => 'outside');
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING '%', replace(SQLERRM, current_setting('confiture_test.trees'), '<trees>');
END$$;
RESET confiture.allowed_paths;
SELECT count(*) AS builds FROM confiture.build_log;

\c postgres
DROP DATABASE confiture_environments;
