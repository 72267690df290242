-- a read-side table referencing the write side
CREATE TABLE tv_post (id int PRIMARY KEY REFERENCES tb_post, data jsonb);
CREATE VIEW v_user AS SELECT id, name FROM tb_user;
