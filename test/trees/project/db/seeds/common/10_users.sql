INSERT INTO tb_user VALUES (1, 'ann'), (2, 'bob');
