-- created in ways a views-only rebuild cannot rerun: named as not restored
DO $$ BEGIN EXECUTE 'CREATE VIEW v_dynamic AS SELECT 1 AS one'; END $$;
CREATE SCHEMA rpt CREATE VIEW v_rpt AS SELECT 1 AS one;
CREATE PUBLICATION pub_mixed FOR TABLE tb_log, tv_stats;
