CREATE TABLE progress_last (id int);
