--
-- What could act on the rows a views-only rebuild keeps: the triggers and
-- rules of the recreated tables are off while the rows go back (and in their
-- state again after), a CHECK calling a function runs with the tree's
-- search_path, a foreign key between two read-side tables goes and comes
-- back with them.  Own database (test/trees/keep_rows_hooks).
--
SELECT current_setting('confiture_test.trees') AS trees \gset
CREATE DATABASE confiture_keep_hooks;
\c confiture_keep_hooks
CREATE EXTENSION confiture;
SET client_min_messages = warning;

SELECT files, tables FROM confiture_build(:'trees' || '/keep_rows_hooks');
INSERT INTO tb_item VALUES (1, 'a', 'one'), (2, 'b', 'two'), (3, 'a', 'three');
SELECT sync_item(pk_item) FROM tb_item ORDER BY pk_item;

-- an audit tool's event trigger gives each new tv_item a trigger and a rule
-- writing to tb_audit
CREATE FUNCTION audit_new_tables() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
    FOR r IN SELECT objid::regclass AS rel FROM pg_event_trigger_ddl_commands()
              WHERE object_type = 'table' AND object_identity = 'public.tv_item'
    LOOP
        EXECUTE format('CREATE TRIGGER audited AFTER INSERT ON %s FOR EACH ROW EXECUTE FUNCTION tv_audit()', r.rel);
        EXECUTE format('CREATE RULE audited AS ON INSERT TO %s DO ALSO INSERT INTO tb_audit VALUES (''rule'', NEW.id)', r.rel);
    END LOOP;
END $$;
CREATE EVENT TRIGGER audit_new_tables ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
    EXECUTE FUNCTION audit_new_tables();

CREATE FUNCTION rows_now() RETURNS TABLE (source text, r jsonb) LANGUAGE sql AS $$
    SELECT 'tv_item', to_jsonb(x) FROM tv_item AS x
    UNION ALL SELECT 'tv_item_tag', to_jsonb(x) FROM tv_item_tag AS x
    UNION ALL SELECT x.tableoid::regclass::text, to_jsonb(x) FROM tv_item_by_kind AS x
    UNION ALL SELECT 'tb_audit', to_jsonb(x) FROM tb_audit AS x
    UNION ALL SELECT 'tb_stamp', to_jsonb(last_value) FROM tb_stamp
$$;
CREATE TEMP TABLE rows_before AS SELECT * FROM rows_now();
SELECT * FROM rows_before ORDER BY 1, 2;

-- the plan keeps the rows of all three; the foreign key between two of them
-- is part of the read side, not a dependent outside it
SELECT action, file, line, object FROM confiture_plan(:'trees' || '/keep_rows_hooks', views_only => true)
 WHERE action IN ('drop', 'keep rows') ORDER BY seq;
-- the CHECK's function finds tb_item, no trigger or rule fires: every row as
-- it was, tb_audit and tb_stamp untouched
SELECT files, dropped, tables FROM confiture_build_views(:'trees' || '/keep_rows_hooks');
(SELECT * FROM rows_now() EXCEPT ALL SELECT * FROM rows_before)
UNION ALL (SELECT * FROM rows_before EXCEPT ALL SELECT * FROM rows_now());
SELECT conrelid::regclass, conname, confrelid::regclass FROM pg_constraint
 WHERE contype = 'f' AND connamespace = 'public'::regnamespace;

-- each trigger and rule is back in the state the tree and the event trigger
-- left it (clones in partitions included: before 15 they are marked internal)
SELECT tgrelid::regclass, tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal OR tgparentid <> 0 ORDER BY 1, 2;
SELECT ev_class::regclass, rulename, ev_enabled FROM pg_rewrite WHERE ev_type = '3' ORDER BY 1, 2;
-- and acts on the next write
INSERT INTO tb_item VALUES (4, 'a', 'four');
SELECT sync_item(4);
SELECT * FROM rows_now() EXCEPT ALL SELECT * FROM rows_before ORDER BY 1, 2;

DROP EVENT TRIGGER audit_new_tables;
\c contrib_regression
DROP DATABASE confiture_keep_hooks;
