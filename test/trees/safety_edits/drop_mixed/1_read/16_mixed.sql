-- one statement, targets on both sides
DROP TABLE IF EXISTS tb_log, tv_stats CASCADE;
