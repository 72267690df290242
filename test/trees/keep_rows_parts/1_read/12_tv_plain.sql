CREATE TABLE tv_plain (id int, v text);
