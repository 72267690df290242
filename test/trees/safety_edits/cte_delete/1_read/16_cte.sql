-- refills tv_stats, and deletes tb_log's rows each time it runs
WITH gone AS (DELETE FROM tb_log RETURNING msg)
INSERT INTO tv_stats (users) SELECT count(*) FROM gone;
