CREATE TABLE tb_ref (id int PRIMARY KEY);
