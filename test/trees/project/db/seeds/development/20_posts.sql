INSERT INTO tb_post VALUES (1, 1, 'hello'), (2, 2, 'world');
