-- Filled by the application: rows kept across views-only rebuilds.
CREATE TABLE tv_by_range (id int, v text) PARTITION BY RANGE (id);
CREATE TABLE tv_by_range_low PARTITION OF tv_by_range FOR VALUES FROM (0) TO (100);
