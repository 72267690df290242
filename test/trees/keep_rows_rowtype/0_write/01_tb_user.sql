CREATE TABLE tb_user (pk_user integer PRIMARY KEY, name text NOT NULL);
