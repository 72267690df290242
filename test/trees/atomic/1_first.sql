CREATE TABLE atomic_first (id int);
INSERT INTO atomic_first VALUES (1);
