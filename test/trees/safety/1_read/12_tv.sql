-- what hangs off a tv_ table: index comment, extended statistics, a grant
-- on its sequence, partitions
CREATE TABLE tv_stats (id bigserial PRIMARY KEY, users bigint NOT NULL);
CREATE INDEX tv_stats_users ON tv_stats (users);
COMMENT ON INDEX tv_stats_users IS 'by number of users';
CREATE STATISTICS tv_stats_ext (ndistinct) ON id, users FROM tv_stats;
GRANT SELECT ON SEQUENCE tv_stats_id_seq TO PUBLIC;
CREATE TABLE tv_events (at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE tv_events_2024 PARTITION OF tv_events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
