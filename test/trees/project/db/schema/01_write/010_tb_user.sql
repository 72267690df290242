CREATE TABLE tb_user (id int PRIMARY KEY, name text NOT NULL);
