-- a typo on line 4
SELECT 1;

CREATE TABEL oops (id int);
