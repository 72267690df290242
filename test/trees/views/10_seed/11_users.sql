INSERT INTO tb_user (email, name) VALUES ('ada@example.com', 'Ada'), ('alan@example.com', 'Alan');
INSERT INTO tb_post (fk_author, title) SELECT pk_user, 'Hello from ' || name FROM tb_user;
