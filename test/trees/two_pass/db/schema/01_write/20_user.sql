CREATE SCHEMA other;
CREATE TABLE other.tb_pair (a int, b int, PRIMARY KEY (a, b));
CREATE TABLE tb_label (label text COLLATE "C" PRIMARY KEY);
CREATE TABLE tb_user (id int PRIMARY KEY, name text NOT NULL);
