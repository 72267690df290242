CREATE TABLE syntax_ok (id int);
