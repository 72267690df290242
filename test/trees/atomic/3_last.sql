-- the last file fails on its third statement
CREATE TABLE atomic_last (id int);

INSERT INTO atomic_last VALUES (1);

INSERT INTO atomic_last
VALUES ('not a number');
