CREATE TABLE tb_post (id int PRIMARY KEY, author_id int NOT NULL REFERENCES tb_user, title text);
