CREATE TABLE analyzed (id int);
ANALYZE analyzed;
