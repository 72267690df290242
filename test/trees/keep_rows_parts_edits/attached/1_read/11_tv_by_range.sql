-- As pg_dump writes it: the partition created alone, then attached.
CREATE TABLE tv_by_range (id int, v text) PARTITION BY RANGE (id);
CREATE TABLE tv_by_range_low (id int, v text);
ALTER TABLE ONLY tv_by_range ATTACH PARTITION tv_by_range_low FOR VALUES FROM (0) TO (100);
