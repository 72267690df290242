CREATE TABLE slow_first (id int);
