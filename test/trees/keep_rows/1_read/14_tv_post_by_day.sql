-- partitioned and filled by no statement of the tree: its rows go back once
-- its partitions exist again
CREATE TABLE tv_post_by_day (day date NOT NULL, posts integer NOT NULL) PARTITION BY RANGE (day);
CREATE TABLE tv_post_by_day_2024 PARTITION OF tv_post_by_day FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE tv_post_by_day_2025 PARTITION OF tv_post_by_day FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
