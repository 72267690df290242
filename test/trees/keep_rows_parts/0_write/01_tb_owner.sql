CREATE TABLE tb_owner (name text PRIMARY KEY);
