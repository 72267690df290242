--
-- File access policy (confiture.allowed_paths), statement_timeout mid-build,
-- and an install script that a hostile search_path cannot subvert.
-- expected/security_1.out: PostgreSQL 13 and 14, whose canonicalize_path
-- keeps a ".." that 15 resolves, so the refused root is named as given.
--
SELECT current_setting('confiture_test.trees') AS trees \gset
SET client_min_messages = warning;

-- Messages that name absolute paths are shown with the trees folder elided.
CREATE FUNCTION pg_temp.attempt(sql text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    msg text;
    detail text;
BEGIN
    EXECUTE sql;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RETURN replace(SQLSTATE || ': ' || msg || coalesce(' / ' || nullif(detail, ''), ''),
                   current_setting('confiture_test.trees'), '<trees>');
END $$;

-- allowed_paths: a list of absolute directories (checked once the library
-- is loaded; before that, a custom setting is only a placeholder)
LOAD 'confiture';
SET confiture.allowed_paths = 'relative/dir';
SET confiture.allowed_paths = '/srv/db, /nonexistent/../elsewhere/';
SHOW confiture.allowed_paths;

-- the root must lie inside an allowed directory
SELECT pg_temp.attempt(format('SELECT count(*) FROM confiture_plan(%L)', :'trees' || '/order'));

-- inside: read; ".." is resolved before the check
SELECT set_config('confiture.allowed_paths', :'trees' || '/links', false) IS NOT NULL AS set;
SELECT pg_temp.attempt(format('SELECT count(*) FROM confiture_plan(%L)', :'trees' || '/links/../order'));

-- a symlinked file pointing inside is read, one pointing outside is refused
SELECT pg_temp.attempt(format('SELECT count(*) FROM confiture_plan(%L)', :'trees' || '/links'));
\set VERBOSITY terse
SELECT * FROM confiture_plan(:'trees' || '/links');
\set VERBOSITY default

-- allowing the parent folder allows both links
SELECT set_config('confiture.allowed_paths', '/nonexistent,' || :'trees', false) IS NOT NULL AS set;
SELECT seq, file FROM confiture_plan(:'trees' || '/links');
RESET confiture.allowed_paths;

-- statement_timeout firing mid-build rolls the whole build back (5 s: long
-- enough to reach the sleep under valgrind on a loaded machine)
SET statement_timeout = '5s';
SELECT * FROM confiture_build(:'trees' || '/slow');
RESET statement_timeout;
SELECT to_regclass('slow_first') AS nothing_left;

-- A hostile search_path: look-alikes in public that would capture any
-- unqualified call or operator in the install script or the reset queries.
CREATE DATABASE confiture_hostile;
\c confiture_hostile
SET client_min_messages = warning;
CREATE FUNCTION public.hijack(name, text) RETURNS boolean
    LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'hijacked operator called'; END$$;
CREATE FUNCTION public.hijack_oid(oid, oid) RETURNS boolean
    LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'hijacked oid operator called'; END$$;
CREATE OPERATOR public.<> (LEFTARG = name, RIGHTARG = text, FUNCTION = public.hijack);
CREATE OPERATOR public.!~ (LEFTARG = name, RIGHTARG = text, FUNCTION = public.hijack);
CREATE OPERATOR public.= (LEFTARG = name, RIGHTARG = text, FUNCTION = public.hijack);
CREATE OPERATOR public.= (LEFTARG = oid, RIGHTARG = oid, FUNCTION = public.hijack_oid);
CREATE FUNCTION public.quote_ident(text) RETURNS text
    LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'hijacked quote_ident called'; END$$;
CREATE FUNCTION public.pg_advisory_xact_lock(bigint) RETURNS void
    LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'hijacked lock called'; END$$;
CREATE DOMAIN public.text AS varchar(1);
CREATE DOMAIN public.int4 AS int2;
SET search_path = public, pg_catalog;
CREATE EXTENSION confiture;
-- every argument and result type is pg_catalog's
SELECT p.proname, pg_get_function_arguments(p.oid) AS arguments
  FROM pg_catalog.pg_proc AS p
 WHERE p.proname LIKE 'confiture\_%' ORDER BY 1;
-- a reset build runs its internal queries without touching the look-alikes
SELECT files FROM confiture_build(:'trees' || '/reset_b', reset => true);
RESET search_path;
SELECT * FROM public.new_thing;
\c contrib_regression
DROP DATABASE confiture_hostile;
