CREATE MATERIALIZED VIEW v_post_count AS
SELECT author, count(*) AS posts FROM v_post GROUP BY author;
CREATE UNIQUE INDEX idx_v_post_count ON v_post_count (author);
