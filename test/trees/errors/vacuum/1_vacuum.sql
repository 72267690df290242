CREATE TABLE vac (id int);
VACUUM vac;
