CREATE TABLE progress_first (id int);
