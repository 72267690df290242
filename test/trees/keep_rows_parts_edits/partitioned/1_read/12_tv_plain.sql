-- Now partitioned, on two levels.
CREATE TABLE tv_plain (id int, v text) PARTITION BY RANGE (id);
CREATE TABLE tv_plain_low PARTITION OF tv_plain FOR VALUES FROM (0) TO (100) PARTITION BY LIST (v);
CREATE TABLE tv_plain_low_any PARTITION OF tv_plain_low DEFAULT;
